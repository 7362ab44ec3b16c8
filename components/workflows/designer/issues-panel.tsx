'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import type { ValidationIssue } from '../workflow-types';

/** The problems found by the last validation, each pointing at a node, an edge or the whole graph. */
export function IssuesPanel(props: {
  issues: ValidationIssue[];
  stale: boolean;
  onFocus(issue: ValidationIssue): void;
  onClose(): void;
}) {
  const t = useT();
  const text = useServerMessage();
  return (
    <div
      className={
        'max-h-56 shrink-0 overflow-hidden border-t border-red-200 bg-white dark:border-red-900 dark:bg-slate-900'
      }
      data-testid="issues-panel"
      role="region"
      aria-label={t('workflows.issues.title')}
    >
      <div className="flex items-center justify-between border-b border-red-100 bg-red-50 px-3 py-1.5 dark:border-red-900 dark:bg-red-950/60">
        <span className="text-xs font-semibold text-red-700 dark:text-red-300">
          {t('workflows.issues.count', { n: props.issues.length })}
          {props.stale && <span className="ml-2 font-normal text-slate-500">{t('workflows.issues.stale')}</span>}
        </span>
        <button
          type="button"
          onClick={props.onClose}
          className="text-xs text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
          aria-label={t('workflows.close')}
          data-testid="issues-close"
        >
          ✕
        </button>
      </div>
      <ul className="max-h-44 divide-y divide-slate-100 overflow-y-auto text-xs dark:divide-slate-800">
        {props.issues.map((issue, i) => (
          <li key={i}>
            <button
              type="button"
              onClick={() => props.onFocus(issue)}
              className="flex w-full items-start gap-2 px-3 py-1.5 text-left hover:bg-slate-50 dark:hover:bg-slate-800"
              data-testid="issue-item"
              data-node-key={issue.node_key ?? undefined}
              data-edge-id={issue.edge_id ?? undefined}
              data-code={issue.code}
            >
              <span
                translate={(issue.node_key ?? issue.edge_id) ? 'no' : undefined}
                className="mt-0.5 shrink-0 rounded bg-slate-100 px-1 font-mono text-[10px] text-slate-600 dark:bg-slate-800 dark:text-slate-300"
              >
                {issue.node_key ?? issue.edge_id ?? t('workflows.issues.graph')}
              </span>
              <span className="text-slate-700 dark:text-slate-200">
                {text({ code: issue.message_code, params: issue.params, message: issue.message })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
