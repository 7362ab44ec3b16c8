'use client';
import { useEffect, useRef, useState } from 'react';
import { basePath } from '@/components/trpc/providers';
import type { LiveSnapshot } from './dashboard-types';

export type LiveConnection = 'connecting' | 'connected' | 'reconnecting';

export interface LiveFeed {
  snapshot: LiveSnapshot | null;
  connection: LiveConnection;
}

const MAX_RETRY_MS = 15_000;

/**
 * Follows /api/live (server-sent events): a `snapshot` on every (re)connect and after status
 * changes. The browser retries a dropped stream by itself; a refused one (closed source) is reopened
 * here with backoff. `onStatsChanged` is called when finished runs reached the statistics (a `stats`
 * event, sent after the rollup, not with the status: figures read at the status were still old)
 * and on a reconnect (events may have been missed), so the caller refreshes what depends on them.
 */
export function useLiveFeed(onStatsChanged?: () => void): LiveFeed {
  const [snapshot, setSnapshot] = useState<LiveSnapshot | null>(null);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const onStatsRef = useRef(onStatsChanged);
  useEffect(() => {
    onStatsRef.current = onStatsChanged;
  }, [onStatsChanged]);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    let opened = false;
    const open = () => {
      source = new EventSource(`${basePath}/api/live`);
      source.onopen = () => {
        failures = 0;
        setConnection('connected');
        if (opened) onStatsRef.current?.();
        opened = true;
      };
      source.addEventListener('snapshot', (ev) => {
        setConnection('connected');
        setSnapshot(JSON.parse((ev as MessageEvent<string>).data) as LiveSnapshot);
      });
      source.addEventListener('stats', () => onStatsRef.current?.());
      source.onerror = () => {
        if (stopped) return;
        setConnection('reconnecting');
        if (source?.readyState === EventSource.CLOSED) {
          failures++;
          retry = setTimeout(open, Math.min(1000 * 2 ** failures, MAX_RETRY_MS));
        }
      };
    };
    // The browser knows when the network is gone: say so at once, and reconnect as soon as it is back.
    const offline = () => {
      source?.close();
      clearTimeout(retry);
      setConnection('reconnecting');
    };
    const online = () => {
      clearTimeout(retry);
      source?.close();
      open();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, []);

  return { snapshot, connection };
}
