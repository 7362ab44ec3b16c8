'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import type { Action } from '@/server/auth/permissions';
import { settingsSections } from './sections';

/** Tabs the user's role may open; the others are not shown at all. */
export function SettingsTabs() {
  const t = useT();
  const path = usePathname();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('nav.settings')}</h1>
      <nav
        aria-label={t('settings.tabs')}
        className="flex gap-1 border-b border-slate-200 dark:border-slate-800"
        data-testid="settings-tabs"
      >
        {settingsSections.map((s) => (
          <Tab
            key={s.slug}
            slug={s.slug}
            label={t(s.label)}
            action={s.action}
            active={path.startsWith(`/settings/${s.slug}`)}
          />
        ))}
      </nav>
    </div>
  );
}

function Tab(props: { slug: string; label: string; action: Action; active: boolean }) {
  const allowed = useCan(props.action);
  if (!allowed) return null;
  return (
    <Link
      href={`/settings/${props.slug}`}
      aria-current={props.active ? 'page' : undefined}
      className={`-mb-px border-b-2 px-3 py-2 text-sm ${props.active ? 'border-blue-600 font-medium text-blue-700 dark:border-blue-400 dark:text-blue-300' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'}`}
      data-testid={`settings-tab-${props.slug}`}
    >
      {props.label}
    </Link>
  );
}
