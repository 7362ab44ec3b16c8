'use client';
import { useCallback } from 'react';
import { renderMessage } from '@/server/messages/messages.shared';
import { useUiPrefs } from './i18n-provider';

export interface ServerText {
  code?: string | null;
  params?: unknown;
  message?: string | null;
}

/**
 * Renders a message the server sent as a catalogue code in the reader's language; a code this
 * build does not know (an older row, a newer server) shows the server's English `message`.
 */
export function useServerMessage(): (m: ServerText) => string {
  const { locale } = useUiPrefs();
  return useCallback((m: ServerText) => renderMessage(m, locale), [locale]);
}
