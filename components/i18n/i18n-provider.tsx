'use client';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { LOCALE_COOKIE, THEME_COOKIE, translator, type Locale, type Theme, type Translate } from './locale';

interface UiPrefs {
  locale: Locale;
  theme: Theme;
  t: Translate;
  setLocale(l: Locale): void;
  setTheme(t: Theme): void;
}

const Ctx = createContext<UiPrefs | null>(null);

function writeCookie(name: string, value: string) {
  document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
}

export function I18nProvider(props: { locale: Locale; theme: Theme; children: ReactNode }) {
  const [locale, setLocaleState] = useState(props.locale);
  const [theme, setThemeState] = useState(props.theme);
  const setLocale = useCallback((l: Locale) => {
    writeCookie(LOCALE_COOKIE, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLocaleState(l);
  }, []);
  const setTheme = useCallback((t: Theme) => {
    writeCookie(THEME_COOKIE, t);
    document.documentElement.classList.toggle('dark', t === 'dark');
    setThemeState(t);
  }, []);
  const value = useMemo(
    () => ({ locale, theme, t: translator(locale), setLocale, setTheme }),
    [locale, theme, setLocale, setTheme],
  );
  return <Ctx.Provider value={value}>{props.children}</Ctx.Provider>;
}

export function useUiPrefs(): UiPrefs {
  const v = useContext(Ctx);
  if (!v) throw new Error('useUiPrefs outside I18nProvider');
  return v;
}

export function useT(): Translate {
  return useUiPrefs().t;
}
