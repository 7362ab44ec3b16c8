'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/components/ui/format-date';
import { relativeTime } from '../format-time';
import type { ScriptListItem } from '../script-types';
import { RunStatusBadge, ScriptStatusBadge } from '../status-badge';

export function ScriptsTable(props: {
  items: ScriptListItem[];
  selected: ReadonlySet<string>;
  onToggle(id: string, on: boolean): void;
  onToggleAll(on: boolean): void;
  selectable: boolean;
}) {
  const { t, locale } = useUiPrefs();
  const router = useRouter();
  const allOn = props.items.length > 0 && props.items.every((s) => props.selected.has(s.id));
  const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400';
  const td = 'px-3 py-2 align-middle';
  return (
    <table className="w-full border-collapse text-sm" data-testid="scripts-table">
      <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
        <tr>
          {props.selectable && (
            <th className={`${th} w-8`}>
              <input
                type="checkbox"
                aria-label={t('scripts.list.selectAll')}
                checked={allOn}
                onChange={(e) => props.onToggleAll(e.target.checked)}
                data-testid="select-all"
              />
            </th>
          )}
          <th className={th}>{t('scripts.field.name')}</th>
          <th className={th}>{t('scripts.field.language')}</th>
          <th className={th}>{t('scripts.field.category')}</th>
          <th className={th}>{t('scripts.field.tags')}</th>
          <th className={th}>{t('scripts.field.status')}</th>
          <th className={th}>{t('scripts.list.lastRun')}</th>
          <th className={th}>{t('scripts.list.updated')}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {props.items.map((s) => (
          <tr
            key={s.id}
            className="cursor-pointer hover:bg-blue-50/60 dark:hover:bg-slate-800/60"
            onClick={() => router.push(`/scripts/${s.id}`)}
            data-testid={`script-row-${s.id}`}
          >
            {props.selectable && (
              // The checkbox cell must not open the editor.
              <td className={td} onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={t('scripts.list.select', { name: s.name })}
                  checked={props.selected.has(s.id)}
                  onChange={(e) => props.onToggle(s.id, e.target.checked)}
                  data-testid={`select-${s.id}`}
                />
              </td>
            )}
            <td className={`${td} max-w-80`}>
              <Link
                href={`/scripts/${s.id}`}
                className="font-medium text-slate-900 hover:text-blue-700 dark:text-slate-100 dark:hover:text-blue-400"
                onClick={(e) => e.stopPropagation()}
              >
                {s.name}
              </Link>
              {s.description && <div className="truncate text-xs text-slate-500">{s.description}</div>}
            </td>
            <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
              {t(`scripts.language.${s.language}`)}
            </td>
            <td className={`${td} text-slate-600 dark:text-slate-400`}>{s.category || '—'}</td>
            <td className={td}>
              <div className="flex flex-wrap gap-1">
                {s.tags.map((tag) => (
                  <span
                    key={tag}
                    className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
                  >
                    {tag}
                  </span>
                ))}
              </div>
            </td>
            <td className={td}>
              <ScriptStatusBadge status={s.status} />
            </td>
            <td className={`${td} whitespace-nowrap`}>
              {s.last_execution ? (
                <Link
                  href={`/executions/${s.last_execution.id}`}
                  className="flex items-center gap-1.5 hover:underline"
                  title={formatDateTime(s.last_execution.queued_at)}
                  onClick={(e) => e.stopPropagation()}
                >
                  <RunStatusBadge status={s.last_execution.status} />
                  <span className="text-xs text-slate-500">{relativeTime(s.last_execution.queued_at, locale)}</span>
                </Link>
              ) : (
                <span className="text-xs text-slate-400">{t('scripts.list.neverRun')}</span>
              )}
            </td>
            <td className={`${td} whitespace-nowrap text-xs text-slate-500`} title={formatDateTime(s.updated_at)}>
              {relativeTime(s.updated_at, locale)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
