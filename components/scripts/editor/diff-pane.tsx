'use client';
import { useQuery } from '@tanstack/react-query';
import { LazyDiffViewer } from '@/components/editor/lazy-editors';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import type { ScriptLanguage } from '../script-types';
import type { DiffSide } from './versions-panel';

/** Shows one stored version against another, or against the text in the editor (unsaved included). */
export function DiffPane(props: {
  scriptId: string;
  language: ScriptLanguage;
  original: number;
  modified: DiffSide;
  editorContent: string;
  onClose(): void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const left = useQuery(trpc.scripts.version.queryOptions({ id: props.scriptId, version: props.original }));
  const right = useQuery({
    ...trpc.scripts.version.queryOptions({
      id: props.scriptId,
      version: typeof props.modified === 'number' ? props.modified : 1,
    }),
    enabled: typeof props.modified === 'number',
  });
  const modifiedText = props.modified === 'editor' ? props.editorContent : right.data?.content;
  const error = left.error ?? right.error;

  return (
    <section
      className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      data-testid="diff-pane"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-1.5 text-sm dark:border-slate-800">
        <span className="font-medium" data-testid="diff-title">
          {t('scripts.diff.title', {
            a: `v${props.original}`,
            b: props.modified === 'editor' ? t('scripts.diff.editor') : `v${props.modified}`,
          })}
        </span>
        <Button variant="secondary" className="text-xs" onClick={props.onClose} data-testid="close-diff">
          {t('scripts.diff.close')}
        </Button>
      </header>
      <div className="min-h-0 flex-1" data-testid="diff-editor">
        {error ? (
          <p role="alert" className="p-4 text-sm text-red-600">
            {error.message}
          </p>
        ) : left.data && modifiedText !== undefined ? (
          <LazyDiffViewer original={left.data.content} modified={modifiedText} language={props.language} />
        ) : (
          <p className="p-4 text-sm text-slate-500">{t('common.loading')}</p>
        )}
      </div>
    </section>
  );
}
