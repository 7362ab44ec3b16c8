'use client';
/**
 * Monaco touches `window` when it loads, so both editors are client-only chunks: pages stay
 * server-renderable and the ~3 MB editor loads only where it is used.
 */
import dynamic from 'next/dynamic';
import { useT } from '@/components/i18n/i18n-provider';

function EditorLoading() {
  const t = useT();
  return (
    <div className="flex h-full items-center justify-center text-sm text-slate-500">{t('scripts.editor.loading')}</div>
  );
}

export const LazyCodeEditor = dynamic(() => import('./code-editor').then((m) => m.CodeEditor), {
  ssr: false,
  loading: () => <EditorLoading />,
});

export const LazyDiffViewer = dynamic(() => import('./diff-viewer').then((m) => m.DiffViewer), {
  ssr: false,
  loading: () => <EditorLoading />,
});
