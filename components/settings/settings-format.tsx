'use client';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { relativeTime } from '@/components/scripts/format-time';
import { formatDateTime } from '@/components/ui/format-date';
import { roles, type Role } from '@/server/auth/roles.shared';

export const roleLabel: Record<Role, MessageKey> = {
  admin: 'settings.role.admin',
  editor: 'settings.role.editor',
  operator: 'settings.role.operator',
  viewer: 'settings.role.viewer',
};

export function isRole(v: string): v is Role {
  return (roles as readonly string[]).includes(v);
}

/** "3 minutes ago" with the exact time as a tooltip; a dash (or `empty`) when there is none. */
export function When({ iso, empty }: { iso: string | null; empty?: string }) {
  const { t, locale } = useUiPrefs();
  if (!iso) return <span className="text-slate-400">{empty ?? t('settings.none')}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, locale)}
    </time>
  );
}

const badge =
  'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap';
const tones = {
  green: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  red: 'bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
  amber: 'bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
  slate: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
} as const;

export function Badge(props: { tone: keyof typeof tones; children: string; title?: string; testId?: string }) {
  return (
    <span className={`${badge} ${tones[props.tone]}`} title={props.title} data-testid={props.testId}>
      {props.children}
    </span>
  );
}

export const th =
  'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400';
export const td = 'px-3 py-2 align-middle';
export const tableBox =
  'overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
export const thead = 'border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60';
export const tbody = 'divide-y divide-slate-100 dark:divide-slate-800';
