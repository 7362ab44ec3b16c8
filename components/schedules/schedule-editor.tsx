'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import { useT, useUiPrefs } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { ParametersInput, useParametersInput } from '@/components/executions/parameters-input';
import { splitServerError, type ServerError } from '@/components/executions/run-errors';
import type { AppRouter } from '@/server/trpc/router';
import { TargetPicker, useTargetOptions, useTargetSchema, type TargetType } from './target-picker';
import {
  browserTimeZone,
  environmentPatch,
  environmentText,
  errorText,
  explainCron,
  isoToLocalInput,
  localInputToIso,
  parseEnvironment,
  useDebounced,
} from './shared';
import { TimeZoneSelect } from './time-zone-select';
import { formatDateTimeInZone } from '@/components/ui/format-date';

export type ScheduleItem = inferRouterOutputs<AppRouter>['schedules']['list']['items'][number];

interface Draft {
  name: string;
  description: string;
  target_type: TargetType;
  target_id: string;
  cron_expression: string;
  timezone: string;
  environment: string;
  enabled: boolean;
  start_at: string;
  end_at: string;
  overlap_policy: 'skip' | 'allow';
}

function draftOf(s: ScheduleItem | null): Draft {
  return {
    name: s?.name ?? '',
    description: s?.description ?? '',
    target_type: s?.target_type ?? 'script',
    target_id: s?.target_id ?? '',
    cron_expression: s?.cron_expression ?? '0 9 * * *',
    timezone: s?.timezone ?? browserTimeZone(),
    environment: environmentText(s?.environment_vars),
    enabled: s?.enabled ?? true,
    start_at: isoToLocalInput(s?.start_at ?? null),
    end_at: isoToLocalInput(s?.end_at ?? null),
    overlap_policy: s?.overlap_policy ?? 'skip',
  };
}

/** Create or edit a schedule: the expression is explained in words and its next ticks shown live. */
export function ScheduleEditor({ schedule, onDone }: { schedule: ScheduleItem | null; onDone(): void }) {
  const t = useT();
  const { locale } = useUiPrefs();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const targets = useTargetOptions();
  const [d, setD] = useState<Draft>(() => draftOf(schedule));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  // The form follows the target's parameter schema; the stored input fills it while the target is the saved one.
  const schema = useTargetSchema(d.target_type, d.target_id);
  const savedInput = useMemo(
    () =>
      schedule && schedule.target_type === d.target_type && schedule.target_id === d.target_id
        ? schedule.input_parameters
        : {},
    [schedule, d.target_type, d.target_id],
  );
  const parameters = useParametersInput(schema.data, savedInput);
  const built = parameters.build();
  const [paramErrors, setParamErrors] = useState<Record<string, string>>({});

  const explained = explainCron(d.cron_expression, locale);
  const previewInput = useDebounced({
    cron_expression: d.cron_expression,
    timezone: d.timezone,
    start_at: localInputToIso(d.start_at),
    end_at: localInputToIso(d.end_at),
  });
  const preview = useQuery({
    ...trpc.schedules.preview.queryOptions(previewInput),
    enabled: previewInput.cron_expression.trim() !== '',
    retry: false,
  });

  const initialEnvironment = useMemo(() => environmentText(schedule?.environment_vars), [schedule]);
  const environmentInvalid = d.target_type === 'script' && parseEnvironment(d.environment) === null;
  const target = targets[d.target_type].find((s) => s.id === d.target_id);
  const body = {
    name: d.name,
    description: d.description,
    target_type: d.target_type,
    target_id: d.target_id,
    cron_expression: d.cron_expression,
    timezone: d.timezone,
    input_parameters: built.params,
    enabled: d.enabled,
    start_at: localInputToIso(d.start_at),
    end_at: localInputToIso(d.end_at),
    overlap_policy: d.overlap_policy,
    ...environmentPatch(d.environment, initialEnvironment, d.target_type),
  };
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
    onDone();
  };
  // A refusal naming a parameter (422 "input_parameters.camera is required") is shown at its input.
  const onError = (err: ServerError) => {
    const split = splitServerError(err, new Set(parameters.fields?.map((f) => f.name) ?? []), new Set());
    const required = t('executions.param.required');
    const translated = Object.entries(split.params).map(([k, m]) => [k, m === 'is required' ? required : m]);
    setParamErrors(Object.fromEntries(translated));
  };
  const create = useMutation(trpc.schedules.create.mutationOptions({ onSuccess: done, onError }));
  const update = useMutation(trpc.schedules.update.mutationOptions({ onSuccess: done, onError }));
  const saving = create.isPending || update.isPending;
  const saveError = errorText(create.error ?? update.error);
  const localParamErrors = Object.fromEntries(Object.entries(built.errors).map(([k, key]) => [k, t(key)]));
  const paramsInvalid = Object.keys(built.errors).length > 0 || Object.keys(built.rowErrors).length > 0;
  const save = () => {
    // Until the target's schema is known the form is not the final one: nothing is sent yet.
    if (paramsInvalid || environmentInvalid || schema.loading) return;
    setParamErrors({});
    if (schedule) update.mutate({ id: schedule.id, patch: body });
    else create.mutate(body);
  };

  return (
    <Card title={schedule ? t('schedules.editor.editTitle') : t('schedules.editor.newTitle')}>
      <div className="grid gap-4 lg:grid-cols-2" data-testid="schedule-editor">
        <div className="space-y-3">
          <Field label={t('schedules.field.name')}>
            <Input value={d.name} onChange={(e) => set('name', e.target.value)} data-testid="schedule-name" />
          </Field>
          <Field
            label={t('schedules.field.target')}
            hint={
              target && target.status !== 'active'
                ? t('schedules.editor.notActive', { status: target.status })
                : undefined
            }
          >
            <TargetPicker
              type={d.target_type}
              id={d.target_id}
              onChange={(type, id) => {
                setD((x) => ({ ...x, target_type: type, target_id: id }));
                parameters.reset();
                setParamErrors({});
              }}
              options={targets}
              placeholder={t('schedules.editor.pickScript')}
              testId="schedule-target"
            />
          </Field>
          <Field label={t('schedules.field.cron')} hint={t('schedules.field.cronHint')}>
            <Input
              className="font-mono"
              value={d.cron_expression}
              onChange={(e) => set('cron_expression', e.target.value)}
              data-testid="schedule-cron"
              spellCheck={false}
            />
          </Field>
          <Field label={t('schedules.field.timezone')}>
            <TimeZoneSelect value={d.timezone} onChange={(tz) => set('timezone', tz)} testId="schedule-timezone" />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('schedules.field.startAt')}>
              <Input
                type="datetime-local"
                value={d.start_at}
                onChange={(e) => set('start_at', e.target.value)}
                data-testid="schedule-start"
              />
            </Field>
            <Field label={t('schedules.field.endAt')}>
              <Input
                type="datetime-local"
                value={d.end_at}
                onChange={(e) => set('end_at', e.target.value)}
                data-testid="schedule-end"
              />
            </Field>
          </div>
          <Field label={t('schedules.field.overlap')}>
            <Select
              value={d.overlap_policy}
              onChange={(e) => set('overlap_policy', e.target.value as Draft['overlap_policy'])}
              data-testid="schedule-overlap"
            >
              <option value="skip">{t('schedules.overlap.skip')}</option>
              <option value="allow">{t('schedules.overlap.allow')}</option>
            </Select>
          </Field>
          <fieldset className="@container space-y-2" data-testid="schedule-parameters">
            <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">
              {t('schedules.field.parameters')}
            </legend>
            {d.target_id ? (
              <ParametersInput
                fields={parameters.fields}
                values={parameters.values}
                onValue={(name, value) => {
                  parameters.setValue(name, value);
                  setParamErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => k !== name)));
                }}
                rows={parameters.rows}
                onRows={parameters.setRows}
                errors={{ ...paramErrors, ...localParamErrors }}
              />
            ) : (
              <p className="text-xs text-slate-500">{t('schedules.editor.pickTargetFirst')}</p>
            )}
          </fieldset>
          {d.target_type === 'script' && (
            <Field
              label={t('schedules.field.environment')}
              hint={t('schedules.field.environmentHint')}
              error={environmentInvalid ? t('schedules.editor.invalidEnvironment') : null}
            >
              <Textarea
                rows={3}
                className="font-mono text-xs"
                value={d.environment}
                placeholder='{"DB_URL": "postgres://u:{{secret:DB_PASSWORD}}@db/x"}'
                onChange={(e) => set('environment', e.target.value)}
                data-testid="schedule-environment"
                spellCheck={false}
              />
            </Field>
          )}
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={d.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
              data-testid="schedule-enabled"
            />
            {t('schedules.field.enabled')}
          </label>
        </div>

        <div className="space-y-3 text-sm">
          <div>
            <div className="text-xs font-medium text-slate-600 dark:text-slate-400">
              {t('schedules.editor.explain')}
            </div>
            <p className="mt-1 rounded-md bg-slate-50 px-3 py-2 dark:bg-slate-800/60" data-testid="schedule-explained">
              {explained ?? '—'}
            </p>
          </div>
          <div>
            <div className="text-xs font-medium text-slate-600 dark:text-slate-400">
              {t('schedules.editor.nextFires', { tz: d.timezone })}
            </div>
            {preview.error ? (
              <p role="alert" className="mt-1 text-sm text-red-600" data-testid="schedule-cron-error">
                {errorText(preview.error)}
              </p>
            ) : preview.data && preview.data.next.length === 0 ? (
              <p className="mt-1 text-slate-500">{t('schedules.editor.noNext')}</p>
            ) : (
              <ol
                className="mt-1 list-decimal space-y-0.5 pl-5 font-mono text-xs tabular-nums"
                data-testid="schedule-next-fires"
              >
                {(preview.data?.next ?? []).map((iso) => (
                  <li key={iso} data-iso={iso}>
                    {formatDateTimeInZone(iso, preview.data!.timezone)}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      </div>
      {saveError && (
        <p
          role="alert"
          className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          data-testid="schedule-save-error"
        >
          {saveError}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} data-testid="schedule-cancel">
          {t('schedules.action.cancel')}
        </Button>
        <Button onClick={save} disabled={saving || paramsInvalid || schema.loading} data-testid="schedule-save">
          {schedule ? t('schedules.action.save') : t('schedules.action.create')}
        </Button>
      </div>
    </Card>
  );
}
