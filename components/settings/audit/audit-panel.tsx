'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { tableBox, tbody, td, th, thead, When } from '../settings-format';
import { AuditFilters, entityName } from './audit-filters';
import { AUDIT_PAGE_SIZE, useAuditParams } from './use-audit-params';

/**
 * `system:<reason>` and `api-key:<name>` labels: the kind in the reader's language, the reason or the
 * key's name as recorded (an identifier or user data).
 */
function ActorLabel(props: { label: string }) {
  const t = useT();
  const m = /^(system|api-key):(.*)$/s.exec(props.label);
  if (!m) return <>{props.label}</>;
  return (
    <>
      {t(m[1] === 'system' ? 'messages.audit.actor.system' : 'messages.audit.actor.apiKey')}:
      <span translate="no"> {m[2]}</span>
    </>
  );
}

export function AuditPanel() {
  const t = useT();
  const serverText = useServerMessage();
  const trpc = useTRPC();
  const [params, update] = useAuditParams();
  const { page, ...filters } = params;
  const input = {
    page,
    page_size: AUDIT_PAGE_SIZE,
    action: filters.action || undefined,
    entity_type: filters.entity_type || undefined,
    actor: filters.actor || undefined,
    from: filters.from ? new Date(filters.from) : undefined,
    to: filters.to ? new Date(filters.to) : undefined,
  };
  const list = useQuery({ ...trpc.audit.list.queryOptions(input), placeholderData: keepPreviousData });
  const data = list.data;
  const from = data && data.total > 0 ? (data.page - 1) * data.page_size + 1 : 0;
  const to = data ? Math.min(data.total, data.page * data.page_size) : 0;
  return (
    <div className="space-y-3" data-testid="audit-panel">
      {/* Keyed by the URL's filters so Back/Forward and "clear" refill the inputs. */}
      <AuditFilters key={JSON.stringify(filters)} value={filters} onApply={(f) => update({ ...f, page: 1 })} />
      {list.error && (
        <p role="alert" className="text-sm text-red-600">
          {list.error.message}
        </p>
      )}
      {!data && !list.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>}
      {data && (
        <>
          <div className={tableBox}>
            <table className="w-full border-collapse text-sm" data-testid="audit-table">
              <thead className={thead}>
                <tr>
                  <th className={th}>{t('settings.audit.at')}</th>
                  <th className={th}>{t('settings.audit.actor')}</th>
                  <th className={th}>{t('settings.audit.action')}</th>
                  <th className={th}>{t('settings.audit.entity')}</th>
                  <th className={th}>{t('settings.audit.summary')}</th>
                  <th className={th}>{t('settings.audit.ip')}</th>
                </tr>
              </thead>
              <tbody className={tbody}>
                {data.items.map((a) => (
                  <tr key={a.id} data-testid="audit-row">
                    <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
                      <When iso={a.at} />
                    </td>
                    <td className={`${td} max-w-56 truncate`} title={a.actor ?? ''}>
                      <ActorLabel label={a.actor ?? a.actor_type} />
                    </td>
                    <td
                      translate="no"
                      className={`${td} whitespace-nowrap font-mono text-xs`}
                      data-testid="audit-row-action"
                    >
                      {a.action}
                    </td>
                    <td className={`${td} whitespace-nowrap text-xs`}>
                      {entityName(t, a.entity_type)}
                      {a.entity_id && (
                        <span className="ml-1 font-mono text-slate-400" title={a.entity_id}>
                          {a.entity_id.slice(0, 8)}
                        </span>
                      )}
                    </td>
                    <td className={`${td} max-w-md break-words`} data-testid="audit-row-summary">
                      {serverText({ code: a.summary_code, params: a.summary_params, message: a.summary })}
                    </td>
                    <td className={`${td} whitespace-nowrap text-xs text-slate-500`} title={a.user_agent ?? ''}>
                      {a.ip ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.items.length === 0 && (
              <p className="px-3 py-4 text-sm text-slate-500" data-testid="audit-empty">
                {t('settings.audit.empty')}
              </p>
            )}
          </div>
          <div
            className="flex items-center justify-between text-sm text-slate-600 dark:text-slate-400"
            data-testid="audit-pagination"
          >
            <span data-testid="audit-range">{t('settings.audit.range', { from, to, total: data.total })}</span>
            <div className="flex items-center gap-2">
              <Button
                variant="secondary"
                disabled={data.page <= 1}
                onClick={() => update({ page: data.page - 1 })}
                data-testid="audit-prev"
              >
                {t('settings.audit.prev')}
              </Button>
              <span>{t('settings.audit.page', { page: data.page, pages: data.pages })}</span>
              <Button
                variant="secondary"
                disabled={data.page >= data.pages}
                onClick={() => update({ page: data.page + 1 })}
                data-testid="audit-next"
              >
                {t('settings.audit.next')}
              </Button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
