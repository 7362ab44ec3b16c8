'use client';
import { useEffect, useState } from 'react';
import cronstrue from 'cronstrue';
import 'cronstrue/locales/zh_CN';
import { TRPCClientError } from '@trpc/client';
import type { Locale } from '@/components/i18n/locale';

/** The cron expression in words, in the UI language; null when cronstrue cannot read it. */
export function explainCron(expression: string, locale: Locale): string | null {
  if (!expression.trim()) return null;
  try {
    return cronstrue.toString(expression, {
      locale: locale === 'zh' ? 'zh_CN' : 'en',
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
    });
  } catch {
    return null;
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function timeZones(): string[] {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const all = f ? f('timeZone') : [];
  return all.includes('UTC') ? all : ['UTC', ...all];
}

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The server's message (it names the field: "cron_expression: minute field ..."). */
export function errorText(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof TRPCClientError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** ISO → value for <input type="datetime-local"> in the browser's zone, and back. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function localInputToIso(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A saved environment as JSON text for an editor ('' when empty). */
export const environmentText = (env: Record<string, string> | undefined) =>
  env && Object.keys(env).length ? JSON.stringify(env, null, 2) : '';

/** An environment typed as a JSON object of strings; null when it is not one. */
export function parseEnvironment(text: string): Record<string, string> | null {
  const v = parseJsonObject(text);
  return v && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : null;
}

/**
 * What to send as `environment_vars`: only when it changed (the list shows literal values of
 * secret-sounding names masked, and sending those back would overwrite them), and {} for a workflow
 * target that had one (only script targets take an environment).
 */
export function environmentPatch(
  text: string,
  initial: string,
  targetType: string,
): { environment_vars?: Record<string, string> } {
  if (targetType !== 'script') return initial ? { environment_vars: {} } : {};
  if (text === initial) return {};
  return { environment_vars: parseEnvironment(text) ?? {} };
}
