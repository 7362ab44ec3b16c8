'use client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/trpc/trpc-client';
import type { FormValues, ParameterInput, PreviewResult, TemplateLanguage } from './template-types';

const PREVIEW_DEBOUNCE_MS = 250;

export type PreviewSource =
  { id: string } | { draft: { language: TemplateLanguage; content: string; parameters: ParameterInput[] } };

/**
 * The rendered script for the current values, refreshed shortly after they stop changing. Rendering
 * happens on the server (the same code that creates the script), so what is shown is what is saved.
 */
export function useTemplatePreview(source: PreviewSource | null, values: FormValues) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const [result, setResult] = useState<PreviewResult | null>(null);
  const key = JSON.stringify([source, values]);
  const { mutateAsync } = preview;

  // `key` stands for source and values (objects that are new on every render).
  useEffect(() => {
    const [src, vals] = JSON.parse(key) as [PreviewSource | null, FormValues];
    if (!src) return;
    let live = true;
    const timer = setTimeout(() => {
      mutateAsync({ ...src, values: vals })
        .then((r) => live && setResult(r))
        .catch(() => undefined); // the error stays on `preview.error`
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, mutateAsync]);

  return { result, error: preview.error?.message ?? null, pending: preview.isPending };
}
