'use client';
import { useRouter } from 'next/navigation';
import { useUiPrefs } from '@/components/i18n/i18n-provider';

export function PrefsSwitchers() {
  const { locale, setLocale, theme, setTheme, t } = useUiPrefs();
  const router = useRouter();
  return (
    <div className="flex items-center gap-2 text-xs">
      <button
        type="button"
        data-testid="lang-switch"
        aria-label={t('shell.language')}
        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        onClick={() => {
          setLocale(locale === 'zh' ? 'en' : 'zh');
          router.refresh(); // server components re-render in the new language
        }}
      >
        {locale === 'zh' ? 'English' : '中文'}
      </button>
      <button
        type="button"
        data-testid="theme-switch"
        aria-label={t('shell.toggleTheme')}
        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? `☀ ${t('shell.theme.light')}` : `☾ ${t('shell.theme.dark')}`}
      </button>
    </div>
  );
}
