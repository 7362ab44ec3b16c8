'use client';
import Editor, { type OnMount } from '@monaco-editor/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { monaco, monacoLanguage, monacoTheme } from './monaco-setup';
import type { CodeEditorHandle, EditorLanguage, EditorMarker } from './editor-types';

type StandaloneEditor = Parameters<OnMount>[0];

export interface CodeEditorProps {
  /**
   * The text the editor starts with, read when Monaco creates the model (it loads lazily, so
   * the latest text until then); later values are ignored. The editor is uncontrolled: its
   * model is the truth and `onChange` reports it. Feeding the state back as a `value` prop raced
   * with fast typing (a render carrying text one keystroke old replaced the model, dropping
   * characters and moving the cursor); text from elsewhere goes in through `handle.replaceText`.
   */
  initialValue: string;
  language: EditorLanguage;
  onChange(value: string): void;
  /** Bound to Ctrl/Cmd+S while the editor has focus. */
  onSave?(): void;
  markers: readonly EditorMarker[];
  readOnly?: boolean;
  onReady?(handle: CodeEditorHandle): void;
  ariaLabel?: string;
}

const MARKER_OWNER = 'vss-validation';

function toMonacoMarker(model: monaco.editor.ITextModel, m: EditorMarker): monaco.editor.IMarkerData {
  const line = Math.min(Math.max(1, m.line), model.getLineCount());
  const maxColumn = model.getLineMaxColumn(line);
  const column = Math.min(Math.max(1, m.column), maxColumn);
  let endColumn: number;
  if (m.length !== undefined) endColumn = Math.min(column + Math.max(1, m.length), maxColumn);
  else endColumn = model.getWordAtPosition({ lineNumber: line, column })?.endColumn ?? column + 1;
  // A zero-width range draws no squiggle (an error at the end of a line, for instance).
  const startColumn = endColumn <= column && column > 1 ? column - 1 : column;
  return {
    severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: m.message,
    code: m.code,
    startLineNumber: line,
    startColumn,
    endLineNumber: line,
    endColumn: Math.max(endColumn, startColumn + 1),
  };
}

export function CodeEditor(props: CodeEditorProps) {
  const { theme } = useUiPrefs();
  const [editor, setEditor] = useState<StandaloneEditor | null>(null);
  // Monaco keeps the command closure from mount time; the ref lets it call the latest save.
  const onSaveRef = useRef(props.onSave);
  const onChangeRef = useRef(props.onChange);
  useEffect(() => {
    onSaveRef.current = props.onSave;
    onChangeRef.current = props.onChange;
  }, [props.onSave, props.onChange]);
  // A stable listener: @monaco-editor/react re-subscribes to content changes whenever it changes.
  const handleChange = useCallback((v: string | undefined) => onChangeRef.current(v ?? ''), []);

  const options = useMemo<monaco.editor.IStandaloneEditorConstructionOptions>(
    () => ({
      readOnly: props.readOnly ?? false,
      fontSize: 13,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: props.language === 'python' ? 4 : 2,
      insertSpaces: true,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
      ariaLabel: props.ariaLabel,
    }),
    [props.readOnly, props.language, props.ariaLabel],
  );

  const handleMount: OnMount = (ed) => {
    // This editor's own key listener, not addCommand: Monaco keeps one keybinding registry for all
    // its editors, where the last registered command wins (monaco-editor#2947), so after a page
    // change Ctrl+S could run the save of an editor that is gone.
    ed.onKeyDown((e) => {
      const save = onSaveRef.current;
      if (!save || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.keyCode !== monaco.KeyCode.KeyS) return;
      e.preventDefault();
      e.stopPropagation();
      save();
    });
    setEditor(ed);
    // The exact text for tests and tooling: the DOM shows only visible lines, spaces as U+00A0.
    Object.defineProperty(ed.getContainerDomNode(), 'modelValue', { get: () => ed.getValue(), configurable: true });
    props.onReady?.({
      revealPosition(line, column) {
        ed.revealPositionInCenter({ lineNumber: line, column });
        ed.setPosition({ lineNumber: line, column });
        ed.focus();
      },
      focus: () => ed.focus(),
      replaceText(text) {
        const model = ed.getModel();
        if (!model || model.getValue() === text) return;
        // An edit rather than setValue, so the replacement can be undone like any other.
        ed.pushUndoStop();
        ed.executeEdits('replace', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
        ed.pushUndoStop();
      },
    });
  };

  // Markers are redrawn when the validation result or the text changes (positions are clamped to the text).
  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      props.markers.map((m) => toMonacoMarker(model, m)),
    );
  }, [editor, props.markers]);

  return (
    <Editor
      defaultValue={props.initialValue}
      language={monacoLanguage(props.language)}
      theme={monacoTheme(theme)}
      options={options}
      onChange={handleChange}
      onMount={handleMount}
      loading={null}
    />
  );
}
