'use client';
import { useT } from '@/components/i18n/i18n-provider';
import type { Translate } from '@/components/i18n/locale';
import { useServerMessage, type ServerText } from '@/components/i18n/server-message';
import type { ValidationResult } from '../script-types';

interface Item {
  key: string;
  line: number;
  column: number;
  level: 'error' | 'warning';
  label: string;
  /** The rule id: an identifier, shown as is in every language. */
  ruleId?: string;
  message: ServerText;
  excerpt?: string;
}

function items(result: ValidationResult, t: Translate): Item[] {
  const syntax = result.syntax.map((s, i): Item => {
    const severity: string = s.severity;
    return {
      key: `s${i}`,
      line: s.line,
      column: s.column,
      level: severity === 'warning' ? 'warning' : 'error',
      label: t('messages.validation.syntaxLabel'),
      message: s,
    };
  });
  const dangers = result.dangers.map((d, i): Item => ({
    key: `d${i}`,
    line: d.line,
    column: d.column,
    level: d.severity === 'block' ? 'error' : 'warning',
    label: d.ruleId,
    ruleId: d.ruleId,
    message: d,
    excerpt: d.excerpt,
  }));
  return [...syntax, ...dangers].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The same findings as the editor markers, readable without hovering, with a click to jump. */
export function ValidationList(props: {
  result: ValidationResult | null;
  error: string | null;
  checking: boolean;
  onJump(line: number, column: number): void;
}) {
  const t = useT();
  const text = useServerMessage();
  const list = props.result ? items(props.result, t) : [];
  const errors = list.filter((i) => i.level === 'error').length;
  const warnings = list.length - errors;
  return (
    <section
      className="flex max-h-44 min-h-16 flex-col rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      data-testid="validation-list"
      data-state={props.checking ? 'checking' : 'done'}
      aria-label={t('scripts.validation.title')}
    >
      <header className="flex items-center gap-3 border-b border-slate-200 px-3 py-1.5 text-xs dark:border-slate-800">
        <span className="font-semibold text-slate-700 dark:text-slate-300">{t('scripts.validation.title')}</span>
        {props.result && (
          <>
            <span className={errors ? 'text-red-600 dark:text-red-400' : 'text-slate-500'}>
              {t(errors === 1 ? 'scripts.validation.error' : 'scripts.validation.errors', { n: errors })}
            </span>
            <span className={warnings ? 'text-amber-600 dark:text-amber-400' : 'text-slate-500'}>
              {t(warnings === 1 ? 'scripts.validation.warning' : 'scripts.validation.warnings', { n: warnings })}
            </span>
          </>
        )}
        {props.checking && props.result && <span className="text-slate-400">{t('scripts.validation.checking')}</span>}
      </header>
      <div className="overflow-y-auto">
        {props.error ? (
          <p role="alert" className="px-3 py-2 text-sm text-red-600">
            {t('scripts.validation.failed', { message: props.error })}
          </p>
        ) : !props.result ? (
          <p className="px-3 py-2 text-sm text-slate-400">{t('scripts.validation.checking')}</p>
        ) : list.length === 0 ? (
          <p className="px-3 py-2 text-sm text-green-700 dark:text-green-400" data-testid="validation-clean">
            {t('scripts.validation.clean')}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {list.map((item) => (
              <li key={item.key}>
                <button
                  type="button"
                  className="flex w-full items-baseline gap-3 px-3 py-1.5 text-left text-sm hover:bg-slate-50 dark:hover:bg-slate-800/60"
                  onClick={() => props.onJump(item.line, item.column)}
                  data-testid="validation-item"
                  data-line={item.line}
                  data-level={item.level}
                >
                  <span
                    className={`w-2 shrink-0 self-center rounded-full ${item.level === 'error' ? 'h-2 bg-red-500' : 'h-2 bg-amber-400'}`}
                    aria-hidden
                  />
                  <span className="w-20 shrink-0 font-mono text-xs text-slate-500">
                    {t('scripts.validation.lineCol', { line: item.line, column: item.column })}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="text-slate-800 dark:text-slate-200" data-testid="validation-message">
                      {text(item.message)}
                    </span>
                    {item.excerpt && (
                      <code translate="no" className="ml-2 truncate font-mono text-xs text-slate-500">
                        {item.excerpt}
                      </code>
                    )}
                  </span>
                  <span
                    className="shrink-0 font-mono text-xs text-slate-400"
                    translate={item.ruleId ? 'no' : undefined}
                  >
                    {item.label}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
