'use client';
import { useState, type InputHTMLAttributes } from 'react';
import { Input, Textarea } from '@/components/ui/field';
import { formatLoose, parseLoose } from './value-text';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A literal JSON-or-text value. The typed text is kept as typed (quotes do not vanish mid-word);
 * it is re-read from the value only when the value changes from outside (undo, another node).
 */
export function LooseValueInput(
  props: { value: unknown; onChange(value: unknown): void; multiline?: boolean } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange'
  >,
) {
  const { value, onChange, multiline, ...rest } = props;
  const [text, setText] = useState(() => formatLoose(value));
  if (!same(parseLoose(text), value) && !(value === undefined && text === '')) setText(formatLoose(value));
  const change = (next: string) => {
    setText(next);
    onChange(parseLoose(next));
  };
  if (multiline) {
    return (
      <Textarea
        rows={3}
        spellCheck={false}
        className={`font-mono text-xs ${rest.className ?? ''}`}
        placeholder={rest.placeholder}
        aria-label={rest['aria-label']}
        data-testid={(rest as Record<string, unknown>)['data-testid'] as string | undefined}
        value={text}
        onChange={(e) => change(e.target.value)}
      />
    );
  }
  return (
    <Input
      {...rest}
      className={`font-mono text-xs ${rest.className ?? ''}`}
      value={text}
      onChange={(e) => change(e.target.value)}
    />
  );
}
