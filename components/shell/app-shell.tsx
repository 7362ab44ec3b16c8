'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { isMessageKey, type MessageKey, type Translate } from '@/components/i18n/locale';
import { PrefsSwitchers } from './prefs-switchers';
import { PermissionsProvider } from './permissions';
import { basePath } from '@/components/trpc/providers';

const nav: { href: string; key: MessageKey }[] = [
  { href: '/', key: 'nav.dashboard' },
  { href: '/scripts', key: 'nav.scripts' },
  { href: '/workflows', key: 'nav.workflows' },
  { href: '/executions', key: 'nav.executions' },
  { href: '/templates', key: 'nav.templates' },
  { href: '/schedules', key: 'nav.schedules' },
  { href: '/triggers', key: 'nav.triggers' },
  { href: '/workers', key: 'nav.workers' },
  { href: '/settings', key: 'nav.settings' },
];

/** A role the dictionary knows by name; another is shown as its identifier. */
function roleName(t: Translate, role: string): string {
  const key = `messages.role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

export function AppShell(props: { user: { email: string; role: string }; permissions: string[]; children: ReactNode }) {
  const t = useT();
  const path = usePathname();
  const active = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return (
    <PermissionsProvider permissions={props.permissions}>
      <div className="flex min-h-full">
        <aside className="w-52 shrink-0 border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="px-4 py-4 text-sm font-bold text-blue-700 dark:text-blue-400" data-testid="app-name">
            {t('app.name')}
          </div>
          <nav aria-label="main" className="space-y-0.5 px-2">
            {nav.map((n) => (
              <Link
                key={n.href}
                href={n.href}
                className={`block rounded-md px-3 py-1.5 text-sm ${active(n.href) ? 'bg-blue-50 font-medium text-blue-700 dark:bg-blue-950 dark:text-blue-300' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {t(n.key)}
              </Link>
            ))}
          </nav>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-12 items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-900">
            <PrefsSwitchers />
            <span className="text-xs text-slate-500" data-testid="current-user">
              {props.user.email} · {roleName(t, props.user.role)}
            </span>
            <button
              type="button"
              className="text-xs text-slate-600 hover:underline dark:text-slate-300"
              // next-auth's redirect URL is built from NEXTAUTH_URL (the app's own port); behind a
              // proxy the browser must stay on the address it came through, so go there ourselves.
              onClick={() => void signOut({ redirect: false }).then(() => window.location.assign(`${basePath}/signin`))}
            >
              {t('shell.signOut')}
            </button>
          </header>
          <main className="min-w-0 flex-1 p-6">{props.children}</main>
        </div>
      </div>
    </PermissionsProvider>
  );
}
