/**
 * Types shared between the Monaco modules (client-only, loaded lazily) and the screens that use
 * them, so screens never import monaco-editor themselves.
 */
export type EditorLanguage = 'python' | 'bash';

export interface EditorMarker {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /** Rule id or checker name, shown by Monaco next to the message. */
  code?: string;
  /** Characters to underline; when absent the word at the position (or one character). */
  length?: number;
}

/** What a screen may ask of a mounted editor. */
export interface CodeEditorHandle {
  revealPosition(line: number, column: number): void;
  focus(): void;
  /** Replaces the whole text (a restored version, starter code), as one undoable edit. */
  replaceText(text: string): void;
}
