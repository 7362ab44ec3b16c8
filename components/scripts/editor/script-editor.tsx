'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { RunPanel } from '@/components/executions/run-panel';
import type { CodeEditorHandle } from '@/components/editor/editor-types';
import { LazyCodeEditor } from '@/components/editor/lazy-editors';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import type { ScriptDto } from '../script-types';
import { DiffPane } from './diff-pane';
import { EditorToolbar } from './editor-toolbar';
import { ScriptHostResourcesPanel } from './host-resources-panel';
import { AlertsPanel } from '@/components/alerts/alerts-panel';
import { MetadataPanel } from './metadata-panel';
import { SaveProblemBanner } from './save-problem-banner';
import { draftFromScript, newScriptDraft, sameDraft, type ScriptDraft } from './script-draft';
import { SideTabs, type SideTab } from './side-tabs';
import { isStarterCode, STARTER_CODE } from './starter-code';
import { useLiveValidation } from './use-live-validation';
import { useSaveScript } from './use-save-script';
import { useUnsavedGuard } from './use-unsaved-guard';
import { ValidationList } from './validation-list';
import { validationMarkers } from './validation-markers';
import { useServerMessage } from '@/components/i18n/server-message';
import { VersionsPanel, type DiffSide } from './versions-panel';

type TabKey = 'details' | 'versions' | 'host' | 'alerts' | 'run';

/** The script editor: code on the left, metadata / versions / run on the right. `initial` is null for a new script. */
export function ScriptEditor({ initial }: { initial: ScriptDto | null }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const canWrite = useCan('script.write');
  const canRun = useCan('script.run');
  const facets = useQuery(trpc.scripts.facets.queryOptions());

  const [saved, setSaved] = useState<ScriptDto | null>(initial);
  const [baseline, setBaseline] = useState<ScriptDraft>(() => (initial ? draftFromScript(initial) : newScriptDraft));
  const [draft, setDraft] = useState<ScriptDraft>(baseline);
  const [message, setMessage] = useState('');
  const [tab, setTab] = useState<TabKey>('details');
  const [diff, setDiff] = useState<{ original: number; modified: DiffSide } | null>(null);
  const editorHandle = useRef<CodeEditorHandle | null>(null);
  const draftRef = useRef(draft);
  useEffect(() => {
    draftRef.current = draft;
  }, [draft]);

  const dirty = !sameDraft(draft, baseline);
  useUnsavedGuard(dirty, t('scripts.editor.unsavedConfirm'));
  const validation = useLiveValidation(draft.content, draft.language);
  const serverText = useServerMessage();
  const markers = useMemo(() => validationMarkers(validation.result, serverText), [validation.result, serverText]);
  const saver = useSaveScript(saved?.id ?? null);

  const update = (patch: Partial<ScriptDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const changeMetadata = (patch: Partial<ScriptDraft>) => {
    // An untouched starter follows the language; anything typed stays.
    if (patch.language && patch.language !== draft.language && isStarterCode(draft.content)) {
      const content = STARTER_CODE[patch.language];
      update({ ...patch, content });
      editorHandle.current?.replaceText(content);
      return;
    }
    update(patch);
  };

  const adopt = (dto: ScriptDto, submitted: ScriptDraft) => {
    const next = draftFromScript(dto);
    setSaved(dto);
    setBaseline(next);
    // Edits typed while the save was in flight stay (and stay unsaved).
    setDraft((current) => (sameDraft(current, submitted) ? next : current));
    // The server may store the text differently (line endings); an untouched editor shows what it stored.
    if (sameDraft(draftRef.current, submitted) && next.content !== submitted.content) {
      editorHandle.current?.replaceText(next.content);
    }
  };

  const save = async () => {
    if (!canWrite) return;
    const submitted = draftRef.current;
    const outcome = await saver.save(submitted, message);
    if (!outcome) return; // a save was already running
    if (!outcome.ok) {
      if (outcome.fieldErrors) setTab('details');
      return;
    }
    setMessage('');
    adopt(outcome.script, submitted);
    if (!saved) router.replace(`/scripts/${outcome.script.id}`);
  };
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });

  // Ctrl/Cmd+S anywhere on the page; inside Monaco its own key listener handles it first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      void saveRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const errors: Partial<Record<string, string>> = { ...saver.problem?.byField };
  for (const [field, key] of Object.entries(saver.localErrors)) errors[field] = t(key);

  const tabs: SideTab<TabKey>[] = [
    {
      key: 'details',
      label: t('scripts.editor.tab.details'),
      content: (
        <MetadataPanel
          draft={draft}
          onChange={changeMetadata}
          errors={errors}
          categories={facets.data?.categories ?? []}
          tags={facets.data?.tags ?? []}
          message={message}
          onMessage={setMessage}
          readOnly={!canWrite}
          activationBlocked={
            Boolean(validation.result?.blocking) || Boolean(validation.result && validation.result.syntax.length > 0)
          }
        />
      ),
    },
  ];
  if (saved) {
    tabs.push({
      key: 'versions',
      label: t('scripts.editor.tab.versions'),
      content: (
        <VersionsPanel
          scriptId={saved.id}
          currentVersion={saved.version}
          canWrite={canWrite}
          dirty={draft.content !== baseline.content}
          onCompare={(original, modified) => setDiff({ original, modified })}
          onRestored={(dto) => {
            // A restore replaces only the code; unsaved metadata edits stay (and stay unsaved).
            setSaved(dto);
            setBaseline(draftFromScript(dto));
            setDraft((d) => ({ ...d, content: dto.content }));
            editorHandle.current?.replaceText(dto.content);
            setDiff(null);
          }}
        />
      ),
    });
  }
  if (saved) {
    tabs.push({
      key: 'host',
      label: t('hostResources.script.title'),
      content: (
        <ScriptHostResourcesPanel scriptId={saved.id} version={saved.version} allowNetwork={saved.allow_network} />
      ),
    });
  }
  if (saved) {
    const target = { type: 'script' as const, id: saved.id };
    tabs.push({ key: 'alerts', label: t('alerts.panel.title'), content: <AlertsPanel target={target} /> });
  }
  if (saved && canRun) {
    tabs.push({
      key: 'run',
      label: t('scripts.editor.tab.run'),
      content: (
        <div className="space-y-3">
          {dirty && (
            <p className="rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-800 dark:bg-amber-950/60 dark:text-amber-300">
              {t('scripts.editor.runUsesSaved')}
            </p>
          )}
          <RunPanel
            scriptId={saved.id}
            parametersSchema={saved.parameters_schema}
            disabled={saved.status === 'disabled' || saved.status === 'archived'}
          />
        </div>
      ),
    });
  }

  return (
    <div className="flex h-[calc(100dvh-6rem)] min-h-[560px] flex-col gap-3" data-testid="script-editor">
      <EditorToolbar
        title={draft.name.trim() || (saved ? saved.name : t('scripts.editor.newTitle'))}
        saved={saved}
        dirty={dirty}
        saving={saver.saving}
        canWrite={canWrite}
        onSave={() => void save()}
      />
      <SaveProblemBanner
        problem={saver.problem}
        hasLocalErrors={Object.keys(saver.localErrors).length > 0}
        onDismiss={saver.clearProblem}
      />
      <div className="flex min-h-0 flex-1 gap-4">
        <div className="flex min-w-0 flex-1 flex-col gap-3">
          {saved && diff && (
            <DiffPane
              scriptId={saved.id}
              language={draft.language}
              original={diff.original}
              modified={diff.modified}
              editorContent={draft.content}
              onClose={() => setDiff(null)}
            />
          )}
          {/* Hidden rather than unmounted during a diff, so undo history and cursor survive. */}
          <div
            className={`min-h-0 flex-1 overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${diff ? 'hidden' : ''}`}
            data-testid="code-editor"
          >
            <LazyCodeEditor
              initialValue={draft.content}
              language={draft.language}
              onChange={(content) => update({ content })}
              onSave={() => void saveRef.current()}
              markers={markers}
              readOnly={!canWrite}
              onReady={(handle) => {
                editorHandle.current = handle;
              }}
              ariaLabel={t('scripts.editor.codeLabel')}
            />
          </div>
          <ValidationList
            result={validation.result}
            error={validation.error}
            checking={validation.checking}
            onJump={(line, column) => {
              setDiff(null);
              editorHandle.current?.revealPosition(line, column);
            }}
          />
        </div>
        <aside
          className="flex w-[380px] shrink-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
          data-testid="side-panel"
        >
          <SideTabs<TabKey> tabs={tabs} active={tab} onSelect={setTab} />
        </aside>
      </div>
    </div>
  );
}
