'use client';
import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { monacoLanguage, monacoTheme } from './monaco-setup';
import type { EditorLanguage } from './editor-types';

type DiffEditorInstance = Parameters<DiffOnMount>[0];

export interface DiffViewerProps {
  original: string;
  modified: string;
  language: EditorLanguage;
}

const options = {
  readOnly: true,
  originalEditable: false,
  renderSideBySide: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  fixedOverflowWidgets: true,
} as const;

export function DiffViewer(props: DiffViewerProps) {
  const { theme } = useUiPrefs();
  const instance = useRef<DiffEditorInstance | null>(null);

  // @monaco-editor/react disposes the models before the diff widget, which Monaco reports as
  // "TextModel got disposed before DiffEditorWidget model got reset". We keep the models, detach
  // them from the widget first, then dispose them ourselves.
  useEffect(
    () => () => {
      const ed = instance.current;
      const models = ed?.getModel();
      ed?.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    },
    [],
  );

  return (
    <DiffEditor
      original={props.original}
      modified={props.modified}
      language={monacoLanguage(props.language)}
      theme={monacoTheme(theme)}
      options={options}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(ed) => {
        instance.current = ed;
      }}
      loading={null}
    />
  );
}
