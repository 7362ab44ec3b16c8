'use client';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { SaveAsTemplateButton } from '@/components/templates/save-as-template-button';
import type { ScriptDto } from '../script-types';
import { ScriptStatusBadge } from '../status-badge';

export function EditorToolbar(props: {
  title: string;
  saved: ScriptDto | null;
  dirty: boolean;
  saving: boolean;
  canWrite: boolean;
  onSave(): void;
}) {
  const t = useT();
  return (
    <div className="flex items-center gap-3">
      <Link
        href="/scripts"
        className="text-sm text-slate-500 hover:text-blue-700 dark:hover:text-blue-400"
        data-testid="back-to-list"
      >
        ← {t('nav.scripts')}
      </Link>
      <span className="text-slate-300 dark:text-slate-700">/</span>
      <h1 className="min-w-0 truncate text-lg font-semibold" data-testid="editor-title">
        {props.title}
      </h1>
      {props.saved && (
        <>
          <ScriptStatusBadge status={props.saved.status} />
          <span className="font-mono text-xs text-slate-500" data-testid="current-version">
            v{props.saved.version}
          </span>
        </>
      )}
      <div className="ml-auto flex items-center gap-3">
        {/* Someone who cannot save is told so, not that "all changes are saved". */}
        {props.canWrite ? (
          <span className="text-xs text-slate-500" data-testid="save-state" data-dirty={props.dirty ? 'true' : 'false'}>
            {props.saving
              ? t('scripts.editor.saving')
              : props.dirty
                ? t('scripts.editor.unsaved')
                : props.saved
                  ? t('scripts.editor.allSaved')
                  : ''}
          </span>
        ) : (
          <span
            className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
            data-testid="read-only"
          >
            {t('scripts.editor.readOnly')}
          </span>
        )}
        {props.saved && <SaveAsTemplateButton script={props.saved} />}
        {props.canWrite && (
          <Button
            onClick={props.onSave}
            disabled={props.saving}
            title={t('scripts.editor.saveShortcut')}
            data-testid="script-save"
          >
            {props.saved ? t('common.save') : t('scripts.editor.create')}
            <kbd className="ml-1 rounded bg-white/20 px-1 font-sans text-[10px]">{t('scripts.editor.shortcut')}</kbd>
          </Button>
        )}
      </div>
    </div>
  );
}
