/** Pretty-printed JSON for parameters, environment and results. */
export function JsonBlock({ value, testId, emptyLabel }: { value: unknown; testId?: string; emptyLabel: string }) {
  const empty =
    value === null ||
    value === undefined ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
  if (empty)
    return (
      <p data-testid={testId} className="text-sm italic text-slate-500">
        {emptyLabel}
      </p>
    );
  return (
    <pre
      data-testid={testId}
      className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
