'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Textarea } from '@/components/ui/field';
import { fieldsFromSchema } from '@/components/executions/parameter-fields';
import {
  runHref,
  TargetPicker,
  useTargetOptions,
  useTargetSchema,
  type TargetType,
} from '@/components/schedules/target-picker';
import {
  environmentPatch,
  environmentText,
  errorText,
  parseEnvironment,
  parseJsonObject,
  useDebounced,
} from '@/components/schedules/shared';
import type { AppRouter } from '@/server/trpc/router';
import { WebhookUrlOnce } from './webhook-url';

type Outputs = inferRouterOutputs<AppRouter>['triggers'];
export type TriggerItem = Outputs['list']['items'][number];
export type SavedTrigger = Outputs['create'];

interface Draft {
  name: string;
  enabled: boolean;
  event_pattern: string;
  filter: string;
  target_type: TargetType;
  target_id: string;
  mapping: string;
  environment: string;
  webhook_enabled: boolean;
  webhook_secret: string;
  remove_secret: boolean;
  webhook_signature_header: string;
  webhook_body_only_signature: boolean;
}

const draftOf = (x: TriggerItem | null): Draft => ({
  name: x?.name ?? '',
  enabled: x?.enabled ?? true,
  event_pattern: x?.event_pattern ?? '',
  filter: x?.filter ?? '',
  target_type: x?.target_type ?? 'script',
  target_id: x?.target_id ?? '',
  mapping: x?.parameter_mapping ? JSON.stringify(x.parameter_mapping, null, 2) : '',
  environment: environmentText(x?.environment_vars),
  webhook_enabled: x?.webhook_enabled ?? false,
  webhook_secret: '',
  remove_secret: false,
  webhook_signature_header: x?.webhook_signature_header ?? 'X-Signature',
  webhook_body_only_signature: x?.webhook_body_only_signature ?? false,
});

const sampleTypeFor = (pattern: string) => (pattern.trim() ? pattern.trim().replaceAll('*', 'test') : 'test.event');

/**
 * Create or edit a trigger; with a live test of pattern, filter and mapping against a sample event,
 * a "send test event" button (the real publish path), and the webhook URL shown once.
 */
export function TriggerEditor(props: {
  trigger: TriggerItem | null;
  tokenPath: string | null;
  onSaved(t: SavedTrigger): void;
  onClose(): void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canPublish = useCan('event.publish');
  const targets = useTargetOptions();
  const existing = props.trigger;
  const [d, setD] = useState<Draft>(() => draftOf(existing));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const [sample, setSample] = useState(() => ({
    type: sampleTypeFor(existing?.event_pattern ?? ''),
    source: 'test',
    payload: '{\n  "camera_id": 3,\n  "kind": "intrusion"\n}',
  }));

  const mapping = d.mapping.trim() ? parseJsonObject(d.mapping) : null;
  // One expression input per parameter of the target's schema (the same fields the Run panel asks for).
  const schema = useTargetSchema(d.target_type, d.target_id);
  const fieldsOfTarget = useMemo(() => fieldsFromSchema(schema.data), [schema.data]);
  const setMapped = (name: string, expression: string) => {
    const next: Record<string, unknown> = { ...(mapping ?? {}) };
    if (expression.trim()) next[name] = expression;
    else delete next[name];
    set('mapping', Object.keys(next).length ? JSON.stringify(next, null, 2) : '');
  };
  const mappingInvalid =
    d.mapping.trim() !== '' && (!mapping || Object.values(mapping).some((v) => typeof v !== 'string'));
  const samplePayload = parseJsonObject(sample.payload);
  const initialEnvironment = useMemo(() => environmentText(existing?.environment_vars), [existing]);
  const environmentInvalid = d.target_type === 'script' && parseEnvironment(d.environment) === null;
  const testInput = useDebounced({
    event_pattern: d.event_pattern || null,
    filter: d.filter || null,
    parameter_mapping: mappingInvalid ? null : (mapping as Record<string, string> | null),
    sample: { type: sample.type || 'test', source: sample.source || null, payload: samplePayload ?? {} },
  });
  const test = useQuery({ ...trpc.triggers.test.queryOptions(testInput), retry: false });

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey() });
  const onSaved = async (saved: SavedTrigger) => {
    await refresh();
    props.onSaved(saved);
  };
  const create = useMutation(trpc.triggers.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.triggers.update.mutationOptions({ onSuccess: onSaved }));
  const regenerate = useMutation(trpc.triggers.regenerateToken.mutationOptions({ onSuccess: onSaved }));
  const send = useMutation(
    trpc.triggers.sendTestEvent.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.triggers.events.queryKey() }),
    }),
  );

  const fields = {
    name: d.name,
    enabled: d.enabled,
    event_pattern: d.event_pattern.trim() || null,
    filter: d.filter.trim() || null,
    target_type: d.target_type,
    target_id: d.target_id,
    parameter_mapping: mapping as Record<string, string> | null,
    webhook_enabled: d.webhook_enabled,
    webhook_signature_header: d.webhook_signature_header,
    ...environmentPatch(d.environment, initialEnvironment, d.target_type),
    webhook_body_only_signature: d.webhook_body_only_signature,
  };
  const save = () => {
    if (mappingInvalid || environmentInvalid) return;
    if (existing) {
      const secret = d.remove_secret
        ? { webhook_secret: null }
        : d.webhook_secret
          ? { webhook_secret: d.webhook_secret }
          : {};
      update.mutate({ id: existing.id, patch: { ...fields, ...secret } });
    } else {
      create.mutate({ ...fields, webhook_secret: d.webhook_secret || null });
    }
  };
  const saveError = errorText(create.error ?? update.error ?? regenerate.error);
  const r = test.data;

  return (
    <Card title={existing ? t('triggers.editor.editTitle') : t('triggers.editor.newTitle')}>
      <div className="grid gap-6 lg:grid-cols-2" data-testid="trigger-editor">
        <div className="space-y-3">
          <Field label={t('triggers.field.name')}>
            <Input value={d.name} onChange={(e) => set('name', e.target.value)} data-testid="trigger-name" />
          </Field>
          <Field label={t('triggers.field.pattern')} hint={t('triggers.field.patternHint')}>
            <Input
              className="font-mono"
              value={d.event_pattern}
              onChange={(e) => set('event_pattern', e.target.value)}
              data-testid="trigger-pattern"
              spellCheck={false}
            />
          </Field>
          <Field label={t('triggers.field.filter')} hint={t('triggers.field.filterHint')}>
            <Textarea
              rows={2}
              className="font-mono text-xs"
              value={d.filter}
              onChange={(e) => set('filter', e.target.value)}
              data-testid="trigger-filter"
              spellCheck={false}
            />
          </Field>
          <Field label={t('triggers.field.target')}>
            <TargetPicker
              type={d.target_type}
              id={d.target_id}
              onChange={(type, id) => setD((x) => ({ ...x, target_type: type, target_id: id }))}
              options={targets}
              placeholder={t('triggers.editor.pickScript')}
              testId="trigger-target"
            />
          </Field>
          {fieldsOfTarget && (
            <fieldset className="space-y-2" data-testid="trigger-mapping-fields">
              <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">
                {t('triggers.mapping.fieldsTitle')}
              </legend>
              {fieldsOfTarget.map((f) => (
                <label key={f.name} className="grid grid-cols-[10rem_1fr] items-center gap-2 text-xs">
                  <span className="truncate text-slate-600 dark:text-slate-400" title={f.description ?? undefined}>
                    {f.label}
                    {f.required && (
                      <span className="ml-0.5 text-red-600" aria-label={t('executions.param.required')}>
                        *
                      </span>
                    )}
                  </span>
                  <Input
                    className="font-mono text-xs"
                    value={typeof mapping?.[f.name] === 'string' ? (mapping[f.name] as string) : ''}
                    placeholder={`payload.${f.name}`}
                    onChange={(e) => setMapped(f.name, e.target.value)}
                    disabled={mappingInvalid}
                    data-testid={`mapping-${f.name}`}
                    spellCheck={false}
                  />
                </label>
              ))}
            </fieldset>
          )}
          <Field
            label={t('triggers.field.mapping')}
            hint={t('triggers.field.mappingHint')}
            error={mappingInvalid ? t('triggers.editor.invalidJson') : null}
          >
            <Textarea
              rows={3}
              className="font-mono text-xs"
              value={d.mapping}
              onChange={(e) => set('mapping', e.target.value)}
              data-testid="trigger-mapping"
              spellCheck={false}
            />
          </Field>
          {d.target_type === 'script' && (
            <Field
              label={t('triggers.field.environment')}
              hint={t('triggers.field.environmentHint')}
              error={environmentInvalid ? t('triggers.editor.invalidEnvironment') : null}
            >
              <Textarea
                rows={3}
                className="font-mono text-xs"
                value={d.environment}
                placeholder='{"API_TOKEN": "{{secret:API_TOKEN}}"}'
                onChange={(e) => set('environment', e.target.value)}
                data-testid="trigger-environment"
                spellCheck={false}
              />
            </Field>
          )}
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={d.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
              data-testid="trigger-enabled"
            />
            {t('triggers.field.enabled')}
          </label>

          <fieldset
            className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
            data-testid="trigger-webhook"
          >
            <legend className="px-1 text-xs font-semibold text-slate-600 dark:text-slate-400">
              {t('triggers.webhook.title')}
            </legend>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={d.webhook_enabled}
                onChange={(e) => set('webhook_enabled', e.target.checked)}
                data-testid="trigger-webhook-enabled"
              />
              {t('triggers.webhook.enable')}
            </label>
            {d.webhook_enabled && (
              <>
                {props.tokenPath && <WebhookUrlOnce path={props.tokenPath} />}
                {existing?.webhook_enabled && !props.tokenPath && existing.webhook_token_prefix && (
                  <p className="text-xs text-slate-500">
                    {t('triggers.webhook.current', { prefix: existing.webhook_token_prefix })}
                  </p>
                )}
                {existing?.webhook_enabled && (
                  <Button
                    variant="secondary"
                    data-testid="trigger-webhook-regenerate"
                    disabled={regenerate.isPending}
                    onClick={() =>
                      window.confirm(t('triggers.webhook.regenerateConfirm')) && regenerate.mutate({ id: existing.id })
                    }
                  >
                    {t('triggers.webhook.regenerate')}
                  </Button>
                )}
                <Field label={t('triggers.webhook.secret')} hint={t('triggers.webhook.secretHint')}>
                  <Input
                    type="password"
                    autoComplete="new-password"
                    value={d.webhook_secret}
                    onChange={(e) => set('webhook_secret', e.target.value)}
                    data-testid="trigger-webhook-secret"
                  />
                </Field>
                {existing?.webhook_hmac_enabled && (
                  <label className="flex items-center gap-2 text-xs">
                    <input
                      type="checkbox"
                      checked={d.remove_secret}
                      onChange={(e) => set('remove_secret', e.target.checked)}
                    />
                    {t('triggers.webhook.secretSet')} {t('triggers.webhook.removeSecret')}
                  </label>
                )}
                <Field label={t('triggers.webhook.header')}>
                  <Input
                    value={d.webhook_signature_header}
                    onChange={(e) => set('webhook_signature_header', e.target.value)}
                    data-testid="trigger-webhook-header"
                  />
                </Field>
                <label className="flex items-center gap-2 text-xs">
                  <input
                    type="checkbox"
                    checked={d.webhook_body_only_signature}
                    onChange={(e) => set('webhook_body_only_signature', e.target.checked)}
                    data-testid="trigger-webhook-body-only"
                  />
                  {t('triggers.webhook.bodyOnly')}
                </label>
              </>
            )}
          </fieldset>
        </div>

        <div className="space-y-3">
          <h3 className="text-sm font-semibold">{t('triggers.test.title')}</h3>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('triggers.test.type')}>
              <Input
                className="font-mono"
                value={sample.type}
                onChange={(e) => setSample({ ...sample, type: e.target.value })}
                data-testid="trigger-sample-type"
              />
            </Field>
            <Field label={t('triggers.test.source')}>
              <Input
                value={sample.source}
                onChange={(e) => setSample({ ...sample, source: e.target.value })}
                data-testid="trigger-sample-source"
              />
            </Field>
          </div>
          <Field label={t('triggers.test.payload')} error={samplePayload ? null : t('triggers.editor.invalidJson')}>
            <Textarea
              rows={5}
              className="font-mono text-xs"
              value={sample.payload}
              onChange={(e) => setSample({ ...sample, payload: e.target.value })}
              data-testid="trigger-sample-payload"
              spellCheck={false}
            />
          </Field>
          <div
            className="space-y-1 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60"
            data-testid="trigger-test-result"
          >
            {test.error && <p className="text-red-600">{errorText(test.error)}</p>}
            {r && (
              <>
                {r.pattern_matched !== null && (
                  <p
                    data-testid="trigger-test-pattern"
                    data-matched={r.pattern_matched}
                    className={
                      r.pattern_matched ? 'text-green-700 dark:text-green-400' : 'text-amber-700 dark:text-amber-400'
                    }
                  >
                    {r.pattern_matched ? t('triggers.test.patternMatch') : t('triggers.test.patternNoMatch')}
                  </p>
                )}
                {r.pattern_error && <p className="text-red-600">{r.pattern_error}</p>}
                <p
                  data-testid="trigger-test-filter"
                  data-matched={r.filter_matched}
                  className={
                    r.filter_matched ? 'text-green-700 dark:text-green-400' : 'text-amber-700 dark:text-amber-400'
                  }
                >
                  {r.filter_matched ? t('triggers.test.filterMatch') : t('triggers.test.filterNoMatch')}
                </p>
                {r.filter_error && (
                  <p className="text-red-600" data-testid="trigger-test-filter-error">
                    {r.filter_error}
                  </p>
                )}
                {r.mapping_error && <p className="text-red-600">{r.mapping_error}</p>}
                {r.input && (
                  <>
                    <div className="pt-1 text-xs font-medium text-slate-600 dark:text-slate-400">
                      {t('triggers.test.input')}
                    </div>
                    <pre className="overflow-x-auto text-xs" data-testid="trigger-test-input">
                      {JSON.stringify(r.input, null, 2)}
                    </pre>
                  </>
                )}
              </>
            )}
          </div>
          {canPublish && (
            <div className="space-y-2">
              <Button
                variant="secondary"
                disabled={!samplePayload || send.isPending}
                data-testid="trigger-send-test"
                onClick={() =>
                  send.mutate({ type: sample.type, source: sample.source || null, payload: samplePayload ?? {} })
                }
              >
                {t('triggers.test.send')}
              </Button>
              {send.error && (
                <p role="alert" className="text-sm text-red-600">
                  {errorText(send.error)}
                </p>
              )}
              {send.data && (
                <div className="text-sm" data-testid="trigger-send-result">
                  {t('triggers.test.sent', { n: send.data.executions.length })}
                  <ul className="list-disc pl-5">
                    {send.data.executions.map((e) => (
                      <li key={e.id}>
                        {e.trigger_name}:{' '}
                        <Link
                          href={runHref(e.kind, e.id)}
                          className="font-mono text-blue-600 hover:underline"
                          data-testid="trigger-send-run"
                        >
                          {e.id.slice(0, 8)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
        </div>
      </div>
      {saveError && (
        <p
          role="alert"
          className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          data-testid="trigger-save-error"
        >
          {saveError}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose} data-testid="trigger-close">
          {t('triggers.action.cancel')}
        </Button>
        <Button
          onClick={save}
          disabled={create.isPending || update.isPending || mappingInvalid}
          data-testid="trigger-save"
        >
          {existing ? t('triggers.action.save') : t('triggers.action.create')}
        </Button>
      </div>
    </Card>
  );
}
