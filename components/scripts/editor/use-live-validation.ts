'use client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/trpc-client';
import type { ScriptLanguage, ValidationResult } from '../script-types';

export const VALIDATION_DEBOUNCE_MS = 400;

interface Checked {
  content: string;
  language: ScriptLanguage;
  result: ValidationResult | null;
  error: string | null;
}

/**
 * Validates the text once typing pauses. Answers to older text are dropped so a slow response
 * never paints markers for code that is no longer there.
 */
export function useLiveValidation(content: string, language: ScriptLanguage) {
  const trpc = useTRPC();
  const { mutateAsync } = useMutation(trpc.scripts.validate.mutationOptions());
  const [checked, setChecked] = useState<Checked | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(() => {
      mutateAsync({ content, language }).then(
        (result) => {
          if (request === latest.current) setChecked({ content, language, result, error: null });
        },
        (err: unknown) => {
          if (request === latest.current)
            setChecked({ content, language, result: null, error: err instanceof Error ? err.message : String(err) });
        },
      );
    }, VALIDATION_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [content, language, mutateAsync]);

  const upToDate = checked !== null && checked.content === content && checked.language === language;
  return {
    // The last answer stays visible while a new check is pending, so markers do not flicker.
    result: checked?.result ?? null,
    error: checked?.error ?? null,
    checking: !upToDate,
  };
}
