'use client';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Field, FieldGroupLabel, Input, Textarea } from './inspector-fields';

export interface WorkflowMeta {
  name: string;
  description: string;
  input_schema: Record<string, unknown> | null;
}

const schemaText = (s: Record<string, unknown> | null) => (s ? JSON.stringify(s, null, 2) : '');

/** Shown when no node is selected: the workflow's name, description and run input schema. */
export function WorkflowSettings(props: {
  meta: WorkflowMeta;
  onChange(meta: WorkflowMeta): void;
  readOnly: boolean;
  nodeCount: number;
  edgeCount: number;
}) {
  const t = useT();
  const [text, setText] = useState(() => schemaText(props.meta.input_schema));
  const [error, setError] = useState<string | null>(null);
  return (
    <fieldset disabled={props.readOnly} className="space-y-4" data-testid="workflow-settings">
      <FieldGroupLabel>{t('workflows.settings.title')}</FieldGroupLabel>
      <Field label={t('workflows.field.name')}>
        <Input
          data-testid="workflow-name"
          value={props.meta.name}
          maxLength={200}
          onChange={(e) => props.onChange({ ...props.meta, name: e.target.value })}
        />
      </Field>
      <Field label={t('workflows.field.description')}>
        <Textarea
          rows={3}
          data-testid="workflow-description"
          value={props.meta.description}
          onChange={(e) => props.onChange({ ...props.meta, description: e.target.value })}
        />
      </Field>
      <Field label={t('workflows.field.inputSchema')} hint={t('workflows.settings.inputSchemaHint')} error={error}>
        <Textarea
          rows={8}
          spellCheck={false}
          className="font-mono text-xs"
          data-testid="workflow-input-schema"
          placeholder={'{\n  "type": "object",\n  "properties": { "go": { "type": "boolean" } }\n}'}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') {
              setError(null);
              props.onChange({ ...props.meta, input_schema: null });
              return;
            }
            try {
              const parsed = JSON.parse(e.target.value) as unknown;
              if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
              setError(null);
              props.onChange({ ...props.meta, input_schema: parsed as Record<string, unknown> });
            } catch {
              setError(t('workflows.settings.inputSchemaInvalid'));
            }
          }}
        />
      </Field>
      <p className="text-xs text-slate-500">
        {t('workflows.settings.counts', { nodes: props.nodeCount, edges: props.edgeCount })}
      </p>
      <div className="rounded-md bg-slate-100 p-2 text-[11px] leading-4 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
        <p className="font-semibold">{t('workflows.settings.shortcuts')}</p>
        <p>{t('workflows.settings.shortcutList')}</p>
      </div>
    </fieldset>
  );
}
