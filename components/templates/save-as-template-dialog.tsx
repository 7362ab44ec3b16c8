'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { PARAMETER_TYPES, type ParameterType } from './template-types';

interface Replacement {
  key: number;
  literal: string;
  name: string;
  type: ParameterType;
}

let nextKey = 1;
const emptyRow = (): Replacement => ({ key: nextKey++, literal: '', name: '', type: 'string' });

/**
 * "Save as template": the script's content becomes a template; each literal listed here (a path,
 * a threshold, a URL…) is replaced by a placeholder for a new parameter whose default is the literal.
 */
export function SaveAsTemplateDialog(props: { open: boolean; onClose(): void; script: { id: string; name: string } }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(props.script.name);
  const [visibility, setVisibility] = useState<'private' | 'shared'>('private');
  const [rows, setRows] = useState<Replacement[]>(() => [emptyRow()]);
  const mutation = useMutation(
    trpc.templates.saveFromScript.mutationOptions({ onSuccess: (tpl) => router.push(`/templates/${tpl.id}`) }),
  );
  const problem = serverProblem(mutation.error);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);

  const rowErrors: Record<number, string[]> = {};
  const other: string[] = [];
  for (const d of problem?.details ?? []) {
    const m = /^replacements\.(\d+)\./.exec(d.field);
    if (m) (rowErrors[Number(m[1])] ??= []).push(d.message);
    else other.push(`${d.field}: ${d.message}`);
  }
  const used = rows.filter((r) => r.literal !== '' || r.name !== '');
  const set = (i: number, patch: Partial<Replacement>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    mutation.mutate({
      script_id: props.script.id,
      name: name.trim(),
      visibility,
      replacements: used.map((r) => ({
        literal: r.literal,
        parameter: { name: r.name.trim(), type: r.type, label: r.name.trim() },
      })),
    });
  }

  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      className="m-auto w-full max-w-2xl rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      data-testid="save-as-template-dialog"
    >
      {props.open && (
        <form onSubmit={submit} noValidate className="space-y-4 p-5">
          <h2 className="text-base font-semibold">{t('templates.saveAs.title')}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">{t('templates.saveAs.intro')}</p>
          <div className="grid grid-cols-[1fr_10rem] gap-3">
            <Field label={t('templates.field.name')} error={problem?.byField.name}>
              <Input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={200}
                data-testid="save-as-name"
              />
            </Field>
            <Field label={t('templates.field.visibility')}>
              <Select
                value={visibility}
                onChange={(e) => setVisibility(e.target.value as 'private' | 'shared')}
                data-testid="save-as-visibility"
              >
                <option value="private">{t('templates.visibility.private')}</option>
                <option value="shared">{t('templates.visibility.shared')}</option>
              </Select>
            </Field>
          </div>
          <div className="space-y-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {t('templates.saveAs.replacements')}
            </h3>
            {rows.map((r, i) => (
              <div key={r.key} className="space-y-1" data-testid={`save-as-row-${i}`}>
                <div className="grid grid-cols-[1fr_10rem_8rem_auto] gap-2">
                  <Input
                    aria-label={t('templates.saveAs.literal')}
                    placeholder={t('templates.saveAs.literal')}
                    className="font-mono"
                    value={r.literal}
                    onChange={(e) => set(i, { literal: e.target.value })}
                    data-testid={`save-as-literal-${i}`}
                  />
                  <Input
                    aria-label={t('templates.params.name')}
                    placeholder={t('templates.params.name')}
                    className="font-mono"
                    value={r.name}
                    onChange={(e) => set(i, { name: e.target.value })}
                    data-testid={`save-as-param-${i}`}
                  />
                  <Select
                    aria-label={t('templates.params.type')}
                    value={r.type}
                    onChange={(e) => set(i, { type: e.target.value as ParameterType })}
                    data-testid={`save-as-type-${i}`}
                  >
                    {PARAMETER_TYPES.filter((type) => type !== 'enum').map((type) => (
                      <option key={type} value={type}>
                        {t(`templates.type.${type}`)}
                      </option>
                    ))}
                  </Select>
                  <Button
                    variant="ghost"
                    onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                    aria-label={t('templates.params.remove')}
                  >
                    ✕
                  </Button>
                </div>
                {(rowErrors[used.indexOf(r)] ?? []).map((m, n) => (
                  <p key={n} role="alert" className="text-xs text-red-600">
                    {m}
                  </p>
                ))}
              </div>
            ))}
            <Button variant="secondary" onClick={() => setRows((rs) => [...rs, emptyRow()])} data-testid="save-as-add">
              + {t('templates.saveAs.add')}
            </Button>
          </div>
          {(other.length > 0 || (problem && !problem.details.length)) && (
            <ul role="alert" className="space-y-0.5 text-xs text-red-600" data-testid="save-as-error">
              {other.length ? other.map((m, n) => <li key={n}>{m}</li>) : <li>{problem!.message}</li>}
            </ul>
          )}
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={mutation.isPending || mutation.isSuccess} data-testid="save-as-submit">
              {t('templates.saveAs.submit')}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
