'use client';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { isMessageKey, type Translate } from '@/components/i18n/locale';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { basePath } from '@/components/trpc/providers';
import { filterQuery, fromLocalInput, noFilters, toLocalInput, type AuditFilters as Filters } from './use-audit-params';

/** An entity type the dictionary knows by name; another (a newer server's) is shown as its identifier. */
export function entityName(t: Translate, type: string): string {
  const key = `messages.audit.entity.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

const ENTITY_TYPES = [
  'script',
  'execution',
  'user',
  'api_key',
  'secret',
  'workflow',
  'schedule',
  'trigger',
  'template',
  'event',
  'host_resource',
];

export function AuditFilters(props: { value: Filters; onApply(f: Filters): void }) {
  const t = useT();
  // Edited locally, applied on submit: typing does not fire a query per key.
  const [draft, setDraft] = useState({
    ...props.value,
    from: toLocalInput(props.value.from),
    to: toLocalInput(props.value.to),
  });
  const applied = (d: typeof draft): Filters => ({
    ...d,
    action: d.action.trim(),
    actor: d.actor.trim(),
    from: fromLocalInput(d.from),
    to: fromLocalInput(d.to),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(applied(draft));
  };
  const entities =
    props.value.entity_type && !ENTITY_TYPES.includes(props.value.entity_type)
      ? [props.value.entity_type, ...ENTITY_TYPES]
      : ENTITY_TYPES;
  const exportQuery = filterQuery(props.value).toString();
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid="audit-filters">
      <div className="w-44">
        <Field label={t('settings.audit.action')}>
          <Input
            value={draft.action}
            placeholder={t('settings.audit.actionPlaceholder')}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            data-testid="audit-action"
          />
        </Field>
      </div>
      <div className="w-40">
        <Field label={t('settings.audit.entity')}>
          <Select
            value={draft.entity_type}
            onChange={(e) => setDraft({ ...draft, entity_type: e.target.value })}
            data-testid="audit-entity"
          >
            <option value="">{t('settings.audit.allEntities')}</option>
            {entities.map((e) => (
              <option key={e} value={e}>
                {entityName(t, e)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="w-48">
        <Field label={t('settings.audit.actor')}>
          <Input
            value={draft.actor}
            placeholder={t('settings.audit.actorPlaceholder')}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            data-testid="audit-actor"
          />
        </Field>
      </div>
      <div className="w-52">
        <Field label={t('settings.audit.from')}>
          <Input
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            data-testid="audit-from"
          />
        </Field>
      </div>
      <div className="w-52">
        <Field label={t('settings.audit.to')}>
          <Input
            type="datetime-local"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            data-testid="audit-to"
          />
        </Field>
      </div>
      <Button type="submit" data-testid="audit-apply">
        {t('settings.audit.apply')}
      </Button>
      <Button
        variant="ghost"
        onClick={() => {
          setDraft(noFilters);
          props.onApply(noFilters);
        }}
        data-testid="audit-clear"
      >
        {t('settings.audit.clear')}
      </Button>
      {/* A plain link: the browser downloads the file with the session cookie, no script involved. */}
      <a
        href={`${basePath}/api/audit/export${exportQuery ? `?${exportQuery}` : ''}`}
        download
        className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
        data-testid="audit-export"
      >
        {t('settings.audit.export')}
      </a>
    </form>
  );
}
