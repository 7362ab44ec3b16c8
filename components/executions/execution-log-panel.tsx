'use client';
import { useMemo, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Select } from '@/components/ui/field';
import { LiveLog } from './live-log';
import { toDisplayLines } from './log-lines';
import { isFinalStatus } from './execution-types';
import type { ExecutionStream } from './use-execution-stream';

/** The whole log of an execution, live while it runs, narrowed to one attempt on demand. */
export function ExecutionLogPanel({ stream, attemptCount }: { stream: ExecutionStream; attemptCount: number }) {
  const t = useT();
  const [attempt, setAttempt] = useState<number | null>(null);
  const attempts = useMemo(() => {
    const seen = new Set(stream.lines.map((l) => l.attempt));
    for (let i = 1; i <= attemptCount; i++) seen.add(i);
    return [...seen].sort((a, b) => a - b);
  }, [stream.lines, attemptCount]);
  const lines = useMemo(
    () => toDisplayLines(attempt == null ? stream.lines : stream.lines.filter((l) => l.attempt === attempt)),
    [stream.lines, attempt],
  );
  const live = stream.connection === 'live' || stream.connection === 'connecting';
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        {live && stream.execution && !isFinalStatus(stream.execution.status) && (
          <span
            className="inline-flex items-center gap-1.5 text-xs font-medium text-blue-600 dark:text-blue-400"
            data-testid="log-live"
          >
            <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" />
            {t('executions.log.live')}
          </span>
        )}
        <span className="text-xs text-slate-500">{t('executions.log.lineCount', { n: lines.length })}</span>
        {attempts.length > 1 && (
          <label className="ml-auto flex items-center gap-2 whitespace-nowrap text-xs text-slate-600 dark:text-slate-400">
            {t('executions.log.attempt')}
            <Select
              className="w-40"
              data-testid="log-attempt-filter"
              value={attempt ?? ''}
              onChange={(e) => setAttempt(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{t('executions.log.allAttempts')}</option>
              {attempts.map((a) => (
                <option key={a} value={a}>
                  {t('executions.log.attemptN', { n: a })}
                </option>
              ))}
            </Select>
          </label>
        )}
      </div>
      <LiveLog
        lines={lines}
        connection={stream.connection}
        showAttempt={attempts.length > 1 && attempt == null}
        heightClass="min-h-48 max-h-[65vh]"
      />
    </div>
  );
}
