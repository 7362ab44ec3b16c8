'use client';
import { useId, useState, type KeyboardEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';

/** Tags as chips: Enter or comma commits, Backspace on an empty box removes the last one. */
export function TagsInput(props: {
  value: string[];
  onChange(tags: string[]): void;
  suggestions: string[];
  disabled?: boolean;
  invalid?: boolean;
  label: string;
}) {
  const t = useT();
  const listId = useId();
  const [text, setText] = useState('');

  const commit = (raw: string) => {
    const fresh = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !props.value.includes(s));
    if (fresh.length) props.onChange([...props.value, ...new Set(fresh)]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Backspace' && text === '' && props.value.length > 0) {
      props.onChange(props.value.slice(0, -1));
    }
  };

  return (
    <div
      className={`flex flex-wrap items-center gap-1 rounded-md border bg-white px-1.5 py-1 focus-within:border-blue-500 focus-within:ring-2 focus-within:ring-blue-500/30 dark:bg-slate-900 ${props.invalid ? 'border-red-500' : 'border-slate-300 dark:border-slate-700'}`}
    >
      {props.value.map((tag) => (
        <span
          key={tag}
          className="inline-flex items-center gap-1 rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-800 dark:bg-blue-950 dark:text-blue-200"
          data-testid="tag-chip"
        >
          {tag}
          {!props.disabled && (
            <button
              type="button"
              className="text-blue-500 hover:text-blue-800 dark:hover:text-blue-100"
              aria-label={t('scripts.tags.remove', { tag })}
              onClick={() => props.onChange(props.value.filter((x) => x !== tag))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      <input
        className="min-w-24 flex-1 bg-transparent px-1 py-0.5 text-sm outline-none"
        value={text}
        list={listId}
        disabled={props.disabled}
        placeholder={props.value.length ? '' : t('scripts.tags.placeholder')}
        onChange={(e) => (e.target.value.includes(',') ? commit(e.target.value) : setText(e.target.value))}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && commit(text)}
        aria-label={props.label}
        data-testid="script-tags"
      />
      <datalist id={listId}>
        {props.suggestions
          .filter((s) => !props.value.includes(s))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </div>
  );
}
