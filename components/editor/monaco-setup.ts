'use client';
/**
 * Serves Monaco from our own bundle: operators' networks often have no internet access, and
 * without `loader.config` @monaco-editor/react fetches an older Monaco from a CDN. Import this
 * module only from modules loaded with `dynamic(..., { ssr: false })`: it touches `self`.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    switch (label) {
      case 'json':
        return new Worker(new URL('monaco-editor/languages/features/json/json.worker', import.meta.url), {
          type: 'module',
        });
      case 'typescript':
      case 'javascript':
        return new Worker(new URL('monaco-editor/languages/features/typescript/ts.worker', import.meta.url), {
          type: 'module',
        });
      default:
        return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' });
    }
  },
};

loader.config({ monaco });

export { monaco };

/** Our script languages use Monaco's built-in Monarch grammars; Bash is Monaco's 'shell'. */
export function monacoLanguage(language: 'python' | 'bash'): string {
  return language === 'bash' ? 'shell' : language;
}

export function monacoTheme(theme: 'light' | 'dark'): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}
