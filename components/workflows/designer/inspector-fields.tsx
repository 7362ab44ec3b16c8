import type { ReactNode } from 'react';

export { Field, Input, Select, Textarea } from '@/components/ui/field';

/** A small heading inside the side panel. */
export function FieldGroupLabel({ children }: { children: ReactNode }) {
  return <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{children}</h3>;
}

/** A segmented choice between a few options (modes, policies). */
export function Segmented<T extends string>(props: {
  value: T;
  options: { value: T; label: string }[];
  onChange(v: T): void;
  testId: string;
}) {
  return (
    <div
      className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-600"
      role="radiogroup"
      data-testid={props.testId}
    >
      {props.options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={props.value === o.value}
          onClick={() => props.onChange(o.value)}
          data-testid={`${props.testId}-${o.value}`}
          className={`px-2.5 py-1 text-xs font-medium ${props.value === o.value ? 'bg-blue-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800'}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
