'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { CodeEditorHandle, EditorMarker } from '@/components/editor/editor-types';
import { LazyCodeEditor } from '@/components/editor/lazy-editors';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { newParamDraft, paramDraftFrom, paramInput, ParametersEditor, type ParamDraft } from './parameters-editor';
import { TemplatePreview } from './template-preview';
import { TEMPLATE_LANGUAGES, type TemplateDto, type TemplateLanguage } from './template-types';
import { useTemplatePreview } from './use-template-preview';

interface Draft {
  name: string;
  description: string;
  category: string;
  language: TemplateLanguage;
  visibility: 'private' | 'shared';
  needs_network: boolean;
  content: string;
  params: ParamDraft[];
}

const STARTER: Record<TemplateLanguage, string> = {
  bash: '#!/usr/bin/env bash\nset -euo pipefail\n\nTARGET={{target}}\n\necho "checking $TARGET"\n',
  python:
    'import json\nimport os\n\nTARGET = {{target}}\n\nprint("checking", TARGET)\nwith open(os.environ["VSS_RESULT_FILE"], "w") as f:\n    json.dump({"target": TARGET}, f)\n',
};

function draftOf(t: TemplateDto | null): Draft {
  if (!t) {
    return {
      name: '',
      description: '',
      category: '',
      language: 'bash',
      visibility: 'private',
      needs_network: false,
      content: STARTER.bash,
      params: [newParamDraft({ name: 'target', label: 'Target', required: true })],
    };
  }
  return {
    name: t.name,
    description: t.description,
    category: t.category,
    language: t.language,
    visibility: t.visibility === 'shared' ? 'shared' : 'private',
    needs_network: t.needs_network,
    content: t.content,
    params: t.parameters.map(paramDraftFrom),
  };
}

/** Create or edit one's own template: fields, content with `{{name}}` placeholders, parameter list, live preview. */
function Editor({ initial }: { initial: TemplateDto | null }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const editorHandle = useRef<CodeEditorHandle | null>(null);
  const parameters = useMemo(() => draft.params.map(paramInput), [draft.params]);
  const source = useMemo(
    () => ({ draft: { language: draft.language, content: draft.content, parameters } }),
    [draft.language, draft.content, parameters],
  );
  // The preview renders with each parameter's default (values left empty fall back to it).
  const preview = useTemplatePreview(draft.content ? source : null, {});

  const onSaved = async (saved: TemplateDto) => {
    await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.templates.get.queryKey({ id: saved.id }) });
    router.push(`/templates/${saved.id}`);
  };
  const create = useMutation(trpc.templates.create.mutationOptions({ onSuccess: onSaved }));
  const save = useMutation(trpc.templates.update.mutationOptions({ onSuccess: onSaved }));
  const active = initial ? save : create;
  const problem = serverProblem(active.error);

  const errors: Partial<Record<string, string>> = {};
  const paramErrors: Record<number, string[]> = {};
  for (const d of problem?.details ?? []) {
    const field = d.field.replace(/^patch\./, '');
    const m = /^parameters\.(\d+)\.?(.*)$/.exec(field);
    if (m) (paramErrors[Number(m[1])] ??= []).push(m[2] ? `${m[2]}: ${d.message}` : d.message);
    else errors[field] = errors[field] ? `${errors[field]}; ${d.message}` : d.message;
  }

  const markers: EditorMarker[] = useMemo(
    () =>
      (preview.result?.issues ?? [])
        .filter((i) => i.field === 'content' && i.line)
        .map((i) => ({ line: i.line!, column: 1, message: i.message, severity: 'error' as const, length: 200 })),
    [preview.result],
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields = {
      name: draft.name.trim(),
      description: draft.description,
      category: draft.category.trim(),
      language: draft.language,
      visibility: draft.visibility,
      needs_network: draft.needs_network,
      content: draft.content,
      parameters,
    };
    if (initial) save.mutate({ id: initial.id, patch: fields });
    else create.mutate(fields);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="template-editor">
      <div className="flex flex-wrap items-center gap-3">
        <Link
          href={initial ? `/templates/${initial.id}` : '/templates'}
          className="text-sm text-slate-500 hover:text-blue-700 dark:hover:text-blue-400"
        >
          ← {initial ? initial.name : t('nav.templates')}
        </Link>
        <h1 className="text-lg font-semibold">
          {initial ? t('templates.editor.editTitle') : t('templates.editor.newTitle')}
        </h1>
        <div className="ml-auto flex items-center gap-2">
          {problem && (
            <span
              role="alert"
              className="max-w-md truncate text-xs text-red-600"
              data-testid="template-save-error"
              title={problem.message}
            >
              {problem.message}
            </span>
          )}
          <Button type="submit" disabled={active.isPending || active.isSuccess} data-testid="template-save">
            {active.isPending
              ? t('templates.editor.saving')
              : initial
                ? t('common.save')
                : t('templates.editor.create')}
          </Button>
        </div>
      </div>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-3">
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('templates.field.name')} error={errors.name}>
              <Input
                value={draft.name}
                onChange={(e) => update({ name: e.target.value })}
                maxLength={200}
                data-testid="template-name"
              />
            </Field>
            <Field label={t('templates.field.category')} error={errors.category}>
              <Input
                value={draft.category}
                onChange={(e) => update({ category: e.target.value })}
                maxLength={100}
                data-testid="template-category"
              />
            </Field>
          </div>
          <Field label={t('templates.field.description')} error={errors.description}>
            <Textarea
              rows={2}
              value={draft.description}
              onChange={(e) => update({ description: e.target.value })}
              data-testid="template-description"
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('templates.field.language')} error={errors.language}>
              <Select
                value={draft.language}
                onChange={(e) => {
                  const language = e.target.value as TemplateLanguage;
                  // Swap the starter text along with the language while it is still untouched.
                  if (draft.content !== STARTER[draft.language]) return update({ language });
                  update({ language, content: STARTER[language] });
                  editorHandle.current?.replaceText(STARTER[language]);
                }}
                data-testid="template-language"
              >
                {TEMPLATE_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`scripts.language.${l}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('templates.field.visibility')} error={errors.visibility}>
              <Select
                value={draft.visibility}
                onChange={(e) => update({ visibility: e.target.value as Draft['visibility'] })}
                data-testid="template-visibility-select"
              >
                <option value="private">{t('templates.visibility.private')}</option>
                <option value="shared">{t('templates.visibility.shared')}</option>
              </Select>
            </Field>
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              checked={draft.needs_network}
              onChange={(e) => update({ needs_network: e.target.checked })}
              data-testid="template-needs-network"
            />
            {t('templates.field.needsNetwork')}
          </label>
          <div className="space-y-1">
            <span className="text-xs font-medium text-slate-600 dark:text-slate-400">
              {t('templates.field.content')}
            </span>
            <p className="text-xs text-slate-500">{t('templates.editor.placeholderHelp')}</p>
            <div
              className="h-80 overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
              data-testid="template-content"
            >
              <LazyCodeEditor
                initialValue={draft.content}
                language={draft.language}
                onChange={(content) => update({ content })}
                onReady={(handle) => {
                  editorHandle.current = handle;
                }}
                markers={markers}
                ariaLabel={t('templates.field.content')}
              />
            </div>
            {errors.content && (
              <p role="alert" className="text-xs text-red-600">
                {errors.content}
              </p>
            )}
          </div>
          <div className="space-y-2">
            <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-300">{t('templates.params.title')}</h2>
            {errors.parameters && (
              <p role="alert" className="text-xs text-red-600">
                {errors.parameters}
              </p>
            )}
            <ParametersEditor params={draft.params} onChange={(params) => update({ params })} errors={paramErrors} />
          </div>
        </div>
        <TemplatePreview result={preview.result} error={preview.error} pending={preview.pending} hideMissingValues />
      </div>
    </form>
  );
}

export function TemplateEditorScreen({ id }: { id?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const existing = useQuery({
    ...trpc.templates.get.queryOptions({ id: id ?? '' }),
    enabled: Boolean(id),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (!id) return <Editor initial={null} />;
  if (existing.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {existing.error.message}
      </p>
    );
  if (!existing.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  if (!existing.data.editable)
    return (
      <p role="alert" className="text-sm text-red-600" data-testid="template-readonly">
        {t('templates.editor.readOnly')}
      </p>
    );
  return <Editor key={existing.data.id} initial={existing.data} />;
}
