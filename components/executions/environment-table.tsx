/** Environment of a run as the server stored it: secret-looking values arrive already masked. */
export function EnvironmentTable({ vars, emptyLabel }: { vars: Record<string, string>; emptyLabel: string }) {
  const entries = Object.entries(vars);
  if (!entries.length) return <p className="text-sm italic text-slate-500">{emptyLabel}</p>;
  return (
    <table className="w-full font-mono text-xs" data-testid="execution-env">
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {entries.map(([k, v]) => (
          <tr key={k}>
            <td className="w-1/3 py-1.5 pr-3 align-top font-semibold text-slate-700 dark:text-slate-300">{k}</td>
            <td className="break-all py-1.5 text-slate-600 dark:text-slate-400">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
