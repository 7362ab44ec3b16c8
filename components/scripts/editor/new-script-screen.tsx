'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { ScriptEditor } from './script-editor';

export function NewScriptScreen() {
  const t = useT();
  const canWrite = useCan('script.write');
  if (!canWrite)
    return (
      <p role="alert" className="text-sm text-slate-600 dark:text-slate-400">
        {t('scripts.editor.noWritePermission')}
      </p>
    );
  return <ScriptEditor initial={null} />;
}
