'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import {
  buildParameters,
  fieldsFromSchema,
  initialValues,
  type ParamValues,
} from '@/components/executions/parameter-fields';
import { ParametersForm } from '@/components/executions/parameters-form';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Field, Textarea } from '@/components/ui/field';

interface ServerError {
  message: string;
  data?: { details?: { field: string; message: string }[] } | null;
}

/**
 * Starts a run of the saved, active workflow. The input form comes from the workflow's input
 * schema; without one the input is a JSON object typed by hand. Server errors on `input.<name>`
 * land next to that input.
 */
export function RunDialog(props: {
  open: boolean;
  workflowId: string;
  inputSchema: Record<string, unknown> | null;
  onClose(): void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const fields = useMemo(() => fieldsFromSchema(props.inputSchema), [props.inputSchema]);
  const [values, setValues] = useState<ParamValues>(() => (fields ? initialValues(fields, props.inputSchema) : {}));
  const [json, setJson] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const run = useMutation(trpc.workflows.run.mutationOptions());

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setGeneral(null);
    let input: Record<string, unknown>;
    if (fields) {
      const built = buildParameters(fields, values);
      const local = Object.fromEntries(Object.entries(built.errors).map(([k, key]) => [k, t(key)]));
      setErrors(local);
      if (Object.keys(local).length) return;
      input = built.params;
    } else {
      try {
        const parsed = JSON.parse(json || '{}') as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
        input = parsed as Record<string, unknown>;
      } catch {
        setGeneral(t('workflows.run.inputNotObject'));
        return;
      }
    }
    run.mutate(
      { id: props.workflowId, input },
      {
        onSuccess: (r) => router.push(`/workflows/runs/${r.id}`),
        onError: (err) => {
          const details = (err as unknown as ServerError).data?.details ?? [];
          const byField: Record<string, string> = {};
          const rest: string[] = [];
          for (const d of details) {
            const [root, name] = d.field.split('.');
            if (root === 'input' && name && fields?.some((f) => f.name === name)) byField[name] = d.message;
            else rest.push(`${d.field}: ${d.message}`);
          }
          setErrors(byField);
          setGeneral(rest.length ? rest.join('; ') : Object.keys(byField).length ? null : err.message);
        },
      },
    );
  };

  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      data-testid="run-dialog"
    >
      {props.open && (
        <form onSubmit={submit} className="@container space-y-4 p-5">
          <h2 className="text-base font-semibold">{t('workflows.run.title')}</h2>
          {fields ? (
            <ParametersForm
              fields={fields}
              values={values}
              errors={errors}
              onChange={(name, v) => setValues((old) => ({ ...old, [name]: v }))}
              disabled={run.isPending}
            />
          ) : (
            <Field label={t('workflows.run.input')} hint={t('workflows.run.inputHint')}>
              <Textarea
                rows={6}
                className="font-mono text-xs"
                spellCheck={false}
                value={json}
                onChange={(e) => setJson(e.target.value)}
                data-testid="run-input-json"
              />
            </Field>
          )}
          {general && (
            <p role="alert" className="text-sm text-red-600" data-testid="run-error">
              {general}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={run.isPending} data-testid="run-submit">
              {run.isPending ? t('workflows.run.starting') : t('workflows.run.start')}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
