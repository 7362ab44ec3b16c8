'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage, type ServerText } from '@/components/i18n/server-message';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { SCRIPT_STATUSES, type ScriptStatus } from '../script-types';

interface Failure {
  name: string;
  error: string;
  /** Coded findings of a refused activation; shown instead of the English `error` when present. */
  details?: ServerText[];
}

/** Bulk status change; the server applies each script's own activation rules, so some may fail. */
export function BulkStatusBar(props: { ids: string[]; nameOf(id: string): string; onDone(): void }) {
  const t = useT();
  const serverText = useServerMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ScriptStatus>('active');
  const [outcome, setOutcome] = useState<{ ok: number; failures: Failure[] } | null>(null);
  const setStatusMutation = useMutation(
    trpc.scripts.setStatus.mutationOptions({
      onSuccess: async ({ results }) => {
        setOutcome({
          ok: results.filter((r) => r.ok).length,
          failures: results
            .filter((r) => !r.ok)
            .map((r) => ({ name: props.nameOf(r.id), error: r.error ?? '', details: r.details })),
        });
        props.onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.scripts.list.queryKey() });
      },
    }),
  );

  return (
    <div className="space-y-2">
      {props.ids.length > 0 && (
        <div
          className="flex items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm dark:border-blue-900 dark:bg-blue-950/50"
          data-testid="bulk-bar"
        >
          <span className="font-medium">{t('scripts.bulk.selected', { n: props.ids.length })}</span>
          <span className="text-slate-500">·</span>
          <span>{t('scripts.bulk.setStatus')}</span>
          <div className="w-36">
            <Select
              value={status}
              onChange={(e) => setStatus(e.target.value as ScriptStatus)}
              data-testid="bulk-status"
            >
              {SCRIPT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`scripts.status.${s}`)}
                </option>
              ))}
            </Select>
          </div>
          <Button
            disabled={setStatusMutation.isPending}
            onClick={() => setStatusMutation.mutate({ ids: props.ids, status })}
            data-testid="bulk-apply"
          >
            {t('scripts.bulk.apply')}
          </Button>
        </div>
      )}
      {setStatusMutation.error && (
        <p role="alert" className="text-sm text-red-600">
          {setStatusMutation.error.message}
        </p>
      )}
      {outcome && (
        <div
          className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
          data-testid="bulk-outcome"
        >
          <div className="flex items-center justify-between">
            <span>{t('scripts.bulk.outcome', { ok: outcome.ok, failed: outcome.failures.length })}</span>
            <button type="button" className="text-xs text-slate-500 hover:underline" onClick={() => setOutcome(null)}>
              {t('scripts.common.dismiss')}
            </button>
          </div>
          {outcome.failures.length > 0 && (
            <ul className="mt-1 space-y-0.5 text-red-700 dark:text-red-400">
              {outcome.failures.map((f) => (
                <li key={f.name}>
                  <span className="font-medium">{f.name}</span>:{' '}
                  {f.details
                    ? `${t('messages.scripts.cannotActivate')}: ${f.details.map(serverText).join('; ')}`
                    : f.error}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
