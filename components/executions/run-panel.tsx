'use client';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { isSensitiveName } from '@/server/executions/sensitive-env.shared';
import { KeyValueEditor } from './key-value-editor';
import { rowsToRecord, type KeyValueRow } from './key-value-rows';
import { ParametersInput, useParametersInput } from './parameters-input';
import { noRunErrors, splitServerError, type RunErrors } from './run-errors';
import { RunResult, type RunSummary } from './run-result';
import { useExecutionStream } from './use-execution-stream';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      {children}
    </fieldset>
  );
}

/**
 * Runs a script by hand: parameters (from its JSON Schema when it has one), environment, timeout,
 * then follows the run live. Server-side validation errors land next to the input they concern.
 */
export function RunPanel(props: {
  scriptId: string;
  parametersSchema: Record<string, unknown> | null;
  disabled?: boolean;
}) {
  const t = useT();
  const trpc = useTRPC();
  const canRun = useCan('script.run');
  const canCancel = useCan('execution.cancel');

  const parameters = useParametersInput(props.parametersSchema);
  const { fields, rows: paramRows } = parameters;
  const [envRows, setEnvRows] = useState<KeyValueRow[]>([]);
  const [timeout, setTimeoutText] = useState('');
  const [errors, setErrors] = useState<RunErrors>(noRunErrors);
  const [rowErrors, setRowErrors] = useState<{ params: Record<number, string>; env: Record<number, string> }>({
    params: {},
    env: {},
  });
  const [executionId, setExecutionId] = useState<string | null>(null);

  const execute = useMutation(trpc.executions.execute.mutationOptions());
  const cancel = useMutation(trpc.executions.cancel.mutationOptions());
  const stream = useExecutionStream(executionId);

  const rowErrorsByName = (rows: KeyValueRow[], byName: Record<string, string>) =>
    Object.fromEntries(rows.filter((r) => byName[r.key.trim()]).map((r) => [r.id, byName[r.key.trim()]!]));

  function editParam(name: string, value: string | boolean) {
    parameters.setValue(name, value);
    // The message described the old value; keep it only until the field changes.
    setErrors((prev) =>
      prev.params[name]
        ? { ...prev, params: Object.fromEntries(Object.entries(prev.params).filter(([k]) => k !== name)) }
        : prev,
    );
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const built = parameters.build();
    const env = rowsToRecord(envRows);
    const timeoutValue = timeout.trim() === '' ? undefined : Number(timeout);
    const local: RunErrors = {
      params: Object.fromEntries(Object.entries(built.errors).map(([k, key]) => [k, t(key)])),
      env: {},
      timeout:
        timeoutValue !== undefined && !(Number.isInteger(timeoutValue) && timeoutValue >= 1)
          ? t('executions.run.timeoutInvalid')
          : null,
      general: [],
    };
    const localRows = {
      params: Object.fromEntries(Object.entries(built.rowErrors).map(([id, key]) => [Number(id), t(key)])),
      env: Object.fromEntries(Object.entries(env.errors).map(([id, key]) => [Number(id), t(key)])),
    };
    setErrors(local);
    setRowErrors(localRows);
    if (
      Object.keys(local.params).length ||
      local.timeout ||
      Object.keys(localRows.params).length ||
      Object.keys(localRows.env).length
    )
      return;

    const input_parameters = built.params;
    execute.mutate(
      { id: props.scriptId, input_parameters, environment_vars: env.record, timeout: timeoutValue },
      {
        onSuccess: (data) => {
          cancel.reset();
          setExecutionId(data.id);
        },
        onError: (err) => {
          const split = splitServerError(
            err,
            new Set(fields ? fields.map((f) => f.name) : Object.keys(input_parameters)),
            new Set(Object.keys(env.record)),
          );
          // "is required" is the one message common enough to be worth translating.
          const params = Object.fromEntries(
            Object.entries(split.params).map(([k, m]) => [k, m === 'is required' ? t('executions.param.required') : m]),
          );
          setErrors({ ...split, params: fields ? params : {} });
          setRowErrors({
            params: fields ? {} : rowErrorsByName(paramRows, params),
            env: rowErrorsByName(envRows, split.env),
          });
        },
      },
    );
  }

  // The stream's view is the newest; until its first event, the mutation's answer stands in.
  const summary: RunSummary | null =
    stream.execution ?? (execute.data && execute.data.id === executionId ? execute.data : null);
  const blocked = props.disabled || !canRun;

  return (
    <section
      data-testid="run-panel"
      className="@container rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <form onSubmit={submit} className="space-y-5" noValidate>
        <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-200">{t('executions.run.title')}</h2>
        <Section title={t('executions.section.parameters')}>
          <ParametersInput
            fields={fields}
            values={parameters.values}
            onValue={editParam}
            rows={paramRows}
            onRows={parameters.setRows}
            errors={errors.params}
            rowErrors={rowErrors.params}
            disabled={blocked}
          />
        </Section>
        <Section title={t('executions.section.environment')}>
          <KeyValueEditor
            rows={envRows}
            onChange={setEnvRows}
            testIdPrefix="env"
            keyPlaceholder={t('executions.kv.envName')}
            valuePlaceholder={t('executions.kv.value')}
            addLabel={t('executions.run.addVariable')}
            errors={rowErrors.env}
            isSecret={isSensitiveName}
            disabled={blocked}
          />
        </Section>
        <div className="flex flex-wrap items-end gap-3">
          <label className="block w-40 space-y-1">
            <span className="text-xs font-medium text-slate-600 dark:text-slate-400">
              {t('executions.run.timeout')}
            </span>
            <Input
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              placeholder={t('executions.run.timeoutDefault')}
              value={timeout}
              disabled={blocked}
              data-testid="timeout-input"
              className={errors.timeout ? 'border-red-500' : ''}
              onChange={(e) => setTimeoutText(e.target.value)}
            />
          </label>
          <Button
            type="submit"
            data-testid="run-button"
            disabled={blocked || execute.isPending}
            className="ml-auto px-5"
          >
            {execute.isPending ? t('executions.run.starting') : `▶ ${t('executions.run.submit')}`}
          </Button>
        </div>
        {errors.timeout && (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {errors.timeout}
          </p>
        )}
        {!canRun && <p className="text-xs text-slate-500">{t('executions.run.noPermission')}</p>}
        {errors.general.length > 0 && (
          <ul
            role="alert"
            data-testid="run-errors"
            className="space-y-0.5 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          >
            {errors.general.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        )}
      </form>
      {summary && (
        <div className="mt-4">
          <RunResult
            execution={summary}
            stream={stream}
            canCancel={canCancel}
            cancelling={cancel.isPending}
            cancelError={cancel.error?.message ?? null}
            onCancel={() => cancel.mutate({ id: summary.id })}
          />
        </div>
      )}
    </section>
  );
}
