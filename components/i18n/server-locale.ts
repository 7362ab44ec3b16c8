import { cookies, headers } from 'next/headers';
import { isLocale, LOCALE_COOKIE, THEME_COOKIE, translator, type Locale, type Theme } from './locale';

/** Cookie first; otherwise the browser's preference, defaulting to Chinese for the platform's operators. */
export async function serverLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (await headers()).get('accept-language') ?? '';
  return /^en\b/i.test(accept.trim()) ? 'en' : 'zh';
}

export async function serverTheme(): Promise<Theme> {
  return (await cookies()).get(THEME_COOKIE)?.value === 'dark' ? 'dark' : 'light';
}

export async function serverT() {
  return translator(await serverLocale());
}
