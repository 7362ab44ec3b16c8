'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { formField, type ServerProblem } from '../server-problem';
import { FORM_FIELDS } from './form-fields';

/**
 * The server's reason for refusing a save. Details for form fields also appear next to the field;
 * the rest (chiefly `content`: syntax errors and blocking findings on activation) are listed here.
 */
export function SaveProblemBanner(props: {
  problem: ServerProblem | null;
  hasLocalErrors: boolean;
  onDismiss(): void;
}) {
  const t = useT();
  const text = useServerMessage();
  if (!props.problem && !props.hasLocalErrors) return null;
  const other = props.problem?.details.filter((d) => !FORM_FIELDS.has(formField(d.field))) ?? [];
  // Server messages end with their first detail ("…: line 1: …"); the list below shows it already.
  const first = other[0]?.message;
  const trimmed =
    props.problem && first && props.problem.message.endsWith(`: ${first}`)
      ? props.problem.message.slice(0, -first.length - 2)
      : props.problem?.message;
  // Refused activation: every detail is a coded finding, so the headline can be said in the reader's language too.
  const message = other.length > 0 && other.every((d) => d.code) ? t('messages.scripts.cannotActivate') : trimmed;
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300"
      data-testid="save-error"
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {props.problem ? t('scripts.editor.saveFailed', { message: message ?? '' }) : t('scripts.editor.fixFields')}
        </p>
        {other.length > 0 && (
          <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="save-error-details">
            {other.map((d, i) => (
              <li key={i}>
                {d.code && typeof d.params?.line === 'number' && (
                  <>{t('scripts.validation.lineCol', { line: d.params.line, column: d.params.column ?? 1 })} </>
                )}
                {typeof d.params?.rule === 'string' && (
                  <span translate="no" className="font-mono">
                    {d.params.rule}:{' '}
                  </span>
                )}
                {text(d)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.problem && (
        <button type="button" className="text-xs hover:underline" onClick={props.onDismiss}>
          {t('scripts.common.dismiss')}
        </button>
      )}
    </div>
  );
}
