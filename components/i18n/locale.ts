import { en, type MessageKey } from './messages/en';
import { zh } from './messages/zh';

export const locales = ['zh', 'en'] as const;
export type Locale = (typeof locales)[number];
export const LOCALE_COOKIE = 'vss-locale';
export const THEME_COOKIE = 'vss-theme';
export type Theme = 'light' | 'dark';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, zh };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (locales as readonly string[]).includes(v);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => {
    let text = dict[key] ?? en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

export type { MessageKey };
