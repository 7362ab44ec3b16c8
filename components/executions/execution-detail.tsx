'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Card } from '@/components/ui/card';
import { AttemptsTable } from './attempts-table';
import { EnvironmentTable } from './environment-table';
import { ExecutionActions } from './execution-actions';
import { ExecutionLogPanel } from './execution-log-panel';
import { ExecutionMeta } from './execution-meta';
import { isFinalStatus } from './execution-types';
import { shortId } from './format';
import { JsonBlock } from './json-block';
import { StatusBadge } from './status-badge';
import { useExecutionStream } from './use-execution-stream';

export function ExecutionDetailView({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.executions.get.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data && isFinalStatus(q.state.data.status) ? false : 5000) },
    ),
  );
  // No stream for an id the server refused: EventSource would retry a 404 forever.
  const stream = useExecutionStream(query.error ? null : id);

  // The stream's status events carry the same object as `get`; writing them into the cache keeps
  // one source of truth and makes the polling above only a fallback.
  useEffect(() => {
    if (stream.execution) queryClient.setQueryData(trpc.executions.get.queryKey({ id }), stream.execution);
  }, [stream.execution, queryClient, trpc, id]);

  const e = query.data;
  if (query.error) {
    return (
      <div className="space-y-3">
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
        >
          {query.error.data?.code === 'NOT_FOUND' ? t('executions.detail.notFound') : query.error.message}
        </p>
        <Link href="/executions" className="text-sm text-blue-600 hover:underline dark:text-blue-400">
          ← {t('executions.detail.back')}
        </Link>
      </div>
    );
  }
  if (!e) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;

  return (
    <div className="space-y-4" data-testid="execution-detail" data-execution-id={e.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <Link href="/executions" className="text-xs text-slate-500 hover:underline">
            ← {t('executions.detail.back')}
          </Link>
          <h1 className="flex items-center gap-3 text-xl font-semibold">
            <span>{e.script_name ?? t('executions.script.deleted')}</span>
            <span className="font-mono text-sm font-normal text-slate-400" title={e.id}>
              #{shortId(e.id)}
            </span>
            <StatusBadge status={e.status} testId="execution-status" />
          </h1>
        </div>
        <ExecutionActions execution={e} />
      </div>
      <Card>
        <ExecutionMeta execution={e} streamedLines={stream.lines} />
      </Card>
      <Card title={t('executions.section.log')}>
        <ExecutionLogPanel stream={stream} attemptCount={e.attempts.length} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title={t('executions.section.parameters')}>
          <JsonBlock value={e.input_parameters} testId="execution-params" emptyLabel={t('executions.params.none')} />
        </Card>
        <Card title={t('executions.section.environment')}>
          <EnvironmentTable vars={e.environment_vars} emptyLabel={t('executions.env.none')} />
        </Card>
        <Card title={t('executions.section.result')}>
          <JsonBlock
            value={e.result}
            testId="execution-result"
            emptyLabel={isFinalStatus(e.status) ? t('executions.result.none') : t('executions.result.pending')}
          />
        </Card>
      </div>
      <Card title={t('executions.section.attempts')}>
        <AttemptsTable attempts={e.attempts} execution={e} />
      </Card>
    </div>
  );
}
