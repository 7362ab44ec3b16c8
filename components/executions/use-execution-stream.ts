'use client';
import { useEffect, useReducer } from 'react';
import { basePath } from '@/components/trpc/providers';
import { isFinalStatus, type ExecutionDetail, type LogLine } from './execution-types';

/** `connecting` → `live` → `ended` (after a final status); `reconnecting` between failed attempts. */
export type StreamConnection = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface ExecutionStream {
  lines: LogLine[];
  /** Latest execution as the server reported it; null until the first `status` event. */
  execution: ExecutionDetail | null;
  connection: StreamConnection;
}

type Action =
  | { type: 'reset'; id: string | null }
  | { type: 'lines'; lines: LogLine[] }
  | { type: 'status'; execution: ExecutionDetail }
  | { type: 'connection'; connection: StreamConnection };

const initial: ExecutionStream = { lines: [], execution: null, connection: 'idle' };

// `forId` lets the hook hide the previous execution's lines in the render before the reset lands.
type State = ExecutionStream & { forId: string | null };

function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'reset':
      return { ...initial, forId: action.id };
    case 'lines':
      return { ...state, lines: state.lines.concat(action.lines) };
    case 'status':
      return { ...state, execution: action.execution };
    case 'connection':
      return state.connection === action.connection ? state : { ...state, connection: action.connection };
  }
}

const MAX_RETRY_DELAY_MS = 15_000;

/**
 * Follows one execution over server-sent events: stored lines, then live ones, then the final
 * status. The browser's own EventSource retry would resend from the first `after_seq`, so each
 * failure closes the source and reopens it from the last seq received, with backoff.
 */
export function useExecutionStream(id: string | null): ExecutionStream {
  const [state, dispatch] = useReducer(reduce, { ...initial, forId: null });

  useEffect(() => {
    dispatch({ type: 'reset', id });
    if (!id) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastSeq = 0;
    let final = false;
    let stopped = false;

    const connect = () => {
      dispatch({ type: 'connection', connection: failures ? 'reconnecting' : 'connecting' });
      source = new EventSource(`${basePath}/api/executions/${encodeURIComponent(id)}/stream?after_seq=${lastSeq}`);
      source.onopen = () => {
        failures = 0;
        dispatch({ type: 'connection', connection: 'live' });
      };
      source.addEventListener('logs', (ev) => {
        const fresh = (JSON.parse((ev as MessageEvent<string>).data) as LogLine[]).filter((l) => l.seq > lastSeq);
        if (!fresh.length) return;
        lastSeq = fresh[fresh.length - 1]!.seq;
        dispatch({ type: 'lines', lines: fresh });
      });
      source.addEventListener('status', (ev) => {
        const execution = JSON.parse((ev as MessageEvent<string>).data) as ExecutionDetail;
        final = isFinalStatus(execution.status);
        dispatch({ type: 'status', execution });
      });
      // Also fires when the server ends the stream after the final status; lines drained after
      // that status have already been delivered by then, so closing loses nothing.
      source.onerror = () => {
        source?.close();
        if (stopped) return;
        if (final) return dispatch({ type: 'connection', connection: 'ended' });
        failures++;
        dispatch({ type: 'connection', connection: 'reconnecting' });
        retryTimer = setTimeout(connect, Math.min(500 * 2 ** failures, MAX_RETRY_DELAY_MS));
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
    };
  }, [id]);

  return state.forId === id ? state : initial;
}
