'use client';
import { memo, useLayoutEffect, useRef } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import type { LogStream } from './execution-types';
import { formatLogTime } from './format';
import type { DisplayLine } from './log-lines';
import type { StreamConnection } from './use-execution-stream';

export { useExecutionStream, type ExecutionStream, type StreamConnection } from './use-execution-stream';
export { toDisplayLines, type DisplayLine } from './log-lines';

const streamStyle: Record<LogStream, string> = {
  stdout: 'text-slate-100',
  stderr: 'text-red-400',
  system: 'italic text-slate-400',
};

const LogRow = memo(function LogRow({ line, showAttempt }: { line: DisplayLine; showAttempt: boolean }) {
  return (
    <div data-stream={line.stream} className="flex gap-3 px-3 hover:bg-white/5">
      <span className="shrink-0 select-none text-slate-500">{formatLogTime(line.at)}</span>
      {showAttempt && <span className="shrink-0 select-none text-slate-500">#{line.attempt}</span>}
      <span className={`min-w-0 whitespace-pre-wrap break-words ${streamStyle[line.stream] ?? streamStyle.stdout}`}>
        {line.text || '\u00a0'}
      </span>
    </div>
  );
});

/** Distance from the bottom within which new lines keep the view pinned to the end. */
const STICK_PX = 24;
/** Beyond this many lines the DOM gets sluggish; the newest are the ones being followed. */
const MAX_RENDERED_LINES = 20_000;

/**
 * Terminal-style log: dark in both themes so stderr red and system grey read the same everywhere.
 * It follows new lines only while the reader is at the bottom, so scrolling up to read stays put.
 */
export function LiveLog(props: {
  lines: DisplayLine[];
  connection?: StreamConnection;
  showAttempt?: boolean;
  testId?: string;
  heightClass?: string;
}) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [props.lines]);

  const waiting = props.connection === 'connecting' || props.connection === 'live';
  const hidden = Math.max(0, props.lines.length - MAX_RENDERED_LINES);
  const shown = hidden ? props.lines.slice(hidden) : props.lines;
  return (
    <div className="overflow-hidden rounded-md border border-slate-800 bg-slate-950">
      <div
        ref={box}
        data-testid={props.testId ?? 'live-log'}
        role="log"
        aria-live="polite"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
        }}
        className={`overflow-auto py-2 font-mono text-xs leading-5 ${props.heightClass ?? 'min-h-40 max-h-96'}`}
      >
        {hidden > 0 && (
          <div className="px-3 pb-1 italic text-amber-400">
            {t('executions.log.clipped', { shown: shown.length, total: props.lines.length })}
          </div>
        )}
        {shown.map((line) => (
          <LogRow key={line.key} line={line} showAttempt={props.showAttempt ?? false} />
        ))}
        {props.lines.length === 0 && (
          <div className="px-3 italic text-slate-500">
            {waiting ? t('executions.log.waiting') : t('executions.log.empty')}
          </div>
        )}
      </div>
      {props.connection === 'reconnecting' && (
        <div className="border-t border-slate-800 px-3 py-1 text-xs text-amber-400" role="status">
          {t('executions.log.reconnecting')}
        </div>
      )}
    </div>
  );
}
