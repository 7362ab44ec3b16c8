'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { ParameterInputs } from './parameter-inputs';
import type { FormValue, FormValues, TemplateDto } from './template-types';

/**
 * "Use template": a form generated from the parameter list. Submitting creates a draft script
 * (rendered on the server) and opens it in the editor.
 */
export function UseTemplateForm(props: {
  template: TemplateDto;
  values: FormValues;
  onValue(name: string, value: FormValue): void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const { template } = props;
  const [name, setName] = useState('');
  const [allowNetwork, setAllowNetwork] = useState(template.needs_network);
  const instantiate = useMutation(trpc.templates.instantiate.mutationOptions());
  const problem = serverProblem(instantiate.error);
  const errors: Partial<Record<string, string>> = {};
  for (const d of problem?.details ?? []) {
    const key = d.field.startsWith('values.') ? d.field.slice('values.'.length) : d.field;
    errors[key] = errors[key] ? `${errors[key]}; ${d.message}` : d.message;
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    instantiate.mutate(
      { id: template.id, name: name.trim(), values: props.values, allow_network: allowNetwork },
      { onSuccess: (r) => router.push(`/scripts/${r.script.id}`) },
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="use-template-form"
    >
      <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-200">{t('templates.use.title')}</h2>
      <Field label={t('templates.use.scriptName')} error={errors.name}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          placeholder={template.name}
          data-testid="use-template-name"
        />
      </Field>
      {template.parameters.length > 0 ? (
        <ParameterInputs
          parameters={template.parameters}
          values={props.values}
          errors={errors}
          onChange={props.onValue}
        />
      ) : (
        <p className="text-xs text-slate-500">{t('templates.use.noParameters')}</p>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={allowNetwork}
          onChange={(e) => setAllowNetwork(e.target.checked)}
          data-testid="use-template-network"
        />
        {t('templates.use.allowNetwork')}
      </label>
      {problem && !Object.keys(errors).length && (
        <p role="alert" className="text-sm text-red-600" data-testid="use-template-error">
          {problem.message}
        </p>
      )}
      {problem && Object.keys(errors).length > 0 && (
        <p role="alert" className="text-xs text-red-600" data-testid="use-template-error">
          {t('templates.use.fixFields')}
        </p>
      )}
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-slate-500">{t('templates.use.draftNote')}</p>
        <Button
          type="submit"
          className="shrink-0 whitespace-nowrap"
          disabled={instantiate.isPending || instantiate.isSuccess}
          data-testid="use-template-submit"
        >
          {instantiate.isPending || instantiate.isSuccess ? t('templates.use.creating') : t('templates.use.submit')}
        </Button>
      </div>
    </form>
  );
}
