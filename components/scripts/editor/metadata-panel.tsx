'use client';
import { useId } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { FieldGroup } from '@/components/ui/field-group';
import { RETRY_BACKOFFS, SCRIPT_LANGUAGES, SCRIPT_STATUSES } from '../script-types';
import { parseSchema, type ScriptDraft } from './script-draft';
import { TagsInput } from './tags-input';

export interface MetadataPanelProps {
  draft: ScriptDraft;
  onChange(patch: Partial<ScriptDraft>): void;
  /** Message per form field, from local checks or from the server's `details`. */
  errors: Partial<Record<string, string>>;
  categories: string[];
  tags: string[];
  message: string;
  onMessage(message: string): void;
  readOnly: boolean;
  /** True when the current text has problems that the server will refuse for an active script. */
  activationBlocked: boolean;
}

export function MetadataPanel(props: MetadataPanelProps) {
  const t = useT();
  const categoryList = useId();
  const { draft, onChange, errors, readOnly } = props;
  const schemaCheck = parseSchema(draft.parameters_schema);
  const schemaError = !schemaCheck.ok
    ? `${t(schemaCheck.error)}${schemaCheck.detail ? `: ${schemaCheck.detail}` : ''}`
    : errors.parameters_schema;
  const numeric = (
    field: 'timeout' | 'max_retries' | 'retry_delay_seconds' | 'disk_mb',
    testId: string,
    placeholder?: string,
  ) => (
    <Input
      type="number"
      inputMode="numeric"
      min={0}
      value={draft[field]}
      placeholder={placeholder}
      disabled={readOnly}
      onChange={(e) => onChange({ [field]: e.target.value })}
      data-testid={testId}
    />
  );

  return (
    <div className="space-y-3" data-testid="metadata-panel">
      <Field label={t('scripts.field.name')} error={errors.name}>
        <Input
          value={draft.name}
          disabled={readOnly}
          onChange={(e) => onChange({ name: e.target.value })}
          maxLength={200}
          data-testid="script-name"
        />
      </Field>
      <Field label={t('scripts.field.description')} error={errors.description}>
        <Textarea
          rows={2}
          value={draft.description}
          disabled={readOnly}
          onChange={(e) => onChange({ description: e.target.value })}
          data-testid="script-description"
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t('scripts.field.language')} error={errors.language}>
          <Select
            value={draft.language}
            disabled={readOnly}
            onChange={(e) => onChange({ language: e.target.value as ScriptDraft['language'] })}
            data-testid="script-language"
          >
            {SCRIPT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`scripts.language.${l}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('scripts.field.status')} error={errors.status}>
          <Select
            value={draft.status}
            disabled={readOnly}
            onChange={(e) => onChange({ status: e.target.value as ScriptDraft['status'] })}
            data-testid="script-status"
          >
            {SCRIPT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`scripts.status.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {props.activationBlocked && draft.status === 'active' && (
        <p
          className="rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-800 dark:bg-amber-950/60 dark:text-amber-300"
          data-testid="activation-warning"
        >
          {t('scripts.editor.activationBlocked')}
        </p>
      )}
      <Field label={t('scripts.field.category')} error={errors.category}>
        <Input
          value={draft.category}
          list={categoryList}
          disabled={readOnly}
          onChange={(e) => onChange({ category: e.target.value })}
          maxLength={100}
          data-testid="script-category"
        />
        <datalist id={categoryList}>
          {props.categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </Field>
      <FieldGroup
        label={t('scripts.field.tags')}
        hint={readOnly ? undefined : t('scripts.tags.hint')}
        error={errors.tags}
      >
        <TagsInput
          value={draft.tags}
          onChange={(tags) => onChange({ tags })}
          suggestions={props.tags}
          disabled={readOnly}
          invalid={Boolean(errors.tags)}
          label={t('scripts.field.tags')}
        />
      </FieldGroup>

      <fieldset className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
        <legend className="sr-only">{t('scripts.editor.execution')}</legend>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('scripts.field.timeout')} error={errors.timeout}>
            {numeric('timeout', 'script-timeout', t('scripts.field.timeoutDefault'))}
          </Field>
          <Field label={t('scripts.field.maxRetries')} error={errors.max_retries}>
            {numeric('max_retries', 'script-max-retries')}
          </Field>
          <Field label={t('scripts.field.backoff')} error={errors.retry_backoff}>
            <Select
              value={draft.retry_backoff}
              disabled={readOnly}
              onChange={(e) => onChange({ retry_backoff: e.target.value as ScriptDraft['retry_backoff'] })}
              data-testid="script-backoff"
            >
              {RETRY_BACKOFFS.map((b) => (
                <option key={b} value={b}>
                  {t(`scripts.backoff.${b}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('scripts.field.retryDelay')} error={errors.retry_delay_seconds}>
            {numeric('retry_delay_seconds', 'script-retry-delay')}
          </Field>
          <Field label={t('scripts.field.diskMb')} error={errors.disk_mb}>
            {numeric('disk_mb', 'script-disk-mb', t('scripts.field.diskMbDefault'))}
          </Field>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={draft.allow_network}
            disabled={readOnly}
            onChange={(e) => onChange({ allow_network: e.target.checked })}
            data-testid="script-allow-network"
          />
          <span>
            <span className="font-medium">{t('scripts.field.allowNetwork')}</span>
            <span className="block text-xs text-slate-500">{t('scripts.field.allowNetworkHint')}</span>
          </span>
        </label>
        {errors.allow_network && (
          <p role="alert" className="text-xs text-red-600">
            {errors.allow_network}
          </p>
        )}
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={draft.retry_on_worker_loss}
            disabled={readOnly}
            onChange={(e) => onChange({ retry_on_worker_loss: e.target.checked })}
            data-testid="script-retry-on-worker-loss"
          />
          <span>
            <span className="font-medium">{t('scripts.field.retryOnWorkerLoss')}</span>
            <span className="block text-xs text-slate-500">{t('scripts.field.retryOnWorkerLossHint')}</span>
          </span>
        </label>
      </fieldset>

      <div className="border-t border-slate-200 pt-3 dark:border-slate-800">
        <Field
          label={t('scripts.field.parametersSchema')}
          hint={readOnly ? undefined : t('scripts.field.parametersSchemaHint')}
          error={schemaError}
        >
          <Textarea
            rows={6}
            spellCheck={false}
            className={`font-mono text-xs ${schemaError ? 'border-red-500' : ''}`}
            value={draft.parameters_schema}
            disabled={readOnly}
            placeholder='{ "type": "object", "properties": { } }'
            onChange={(e) => onChange({ parameters_schema: e.target.value })}
            data-testid="script-params-schema"
          />
        </Field>
      </div>

      {!readOnly && (
        <div className="border-t border-slate-200 pt-3 dark:border-slate-800">
          <Field
            label={t('scripts.field.versionMessage')}
            hint={readOnly ? undefined : t('scripts.field.versionMessageHint')}
            error={errors.message}
          >
            <Input
              value={props.message}
              maxLength={500}
              onChange={(e) => props.onMessage(e.target.value)}
              data-testid="script-version-message"
            />
          </Field>
        </div>
      )}
    </div>
  );
}
