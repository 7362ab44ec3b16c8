import type { Redis } from 'ioredis';
import { CHANNEL, type StatusEvent } from './channels';
import { createRedis } from './connection';

/**
 * One Redis subscriber per process for the status channel, shared by every caller that waits for
 * an execution (`wait: true`): ten waiting calls are one connection, not ten. A caller registers
 * before it reads the row, so an event published between its read and its wait still wakes it.
 */
export interface StatusWakeup {
  /** Resolves at the next status event for the execution since registration (or the last wait). */
  next(): Promise<void>;
  /** The subscription is live: events from now on are seen. False while Redis is unreachable. */
  readonly live: boolean;
  close(): void;
}

let sub: Redis | undefined;
let subscribed: Promise<void> | undefined;
const listeners = new Map<string, Set<() => void>>();

function subscriber(): Promise<void> {
  if (!sub) {
    sub = createRedis();
    sub.on('message', (_channel: string, message: string) => {
      let id: string;
      try {
        id = (JSON.parse(message) as StatusEvent).id;
      } catch {
        return;
      }
      for (const wake of listeners.get(id) ?? []) wake();
    });
    // ioredis subscribes again by itself after a reconnect.
    subscribed = sub.subscribe(CHANNEL.executionStatus).then(() => undefined);
    subscribed.catch(() => undefined);
  }
  return subscribed!;
}

/** Registers interest in one execution's status events; wait (bounded) until the subscription is live. */
export async function watchStatus(id: string, readyWithinMs = 1000): Promise<StatusWakeup> {
  const ready = subscriber();
  let woken = false;
  let resolve: (() => void) | undefined;
  const wake = () => {
    woken = true;
    resolve?.();
  };
  let set = listeners.get(id);
  if (!set) listeners.set(id, (set = new Set()));
  set.add(wake);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready, new Promise((r) => (timer = setTimeout(r, readyWithinMs)))]);
  clearTimeout(timer);
  return {
    get live() {
      return sub?.status === 'ready';
    },
    next() {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((r) => {
        resolve = () => {
          woken = false;
          resolve = undefined;
          r();
        };
      });
    },
    close() {
      set.delete(wake);
      if (set.size === 0 && listeners.get(id) === set) listeners.delete(id);
    },
  };
}

/** For tests and shutdown. */
export function closeStatusWakeups(): void {
  sub?.disconnect();
  sub = undefined;
  subscribed = undefined;
}

/** Open Redis connections this module holds (0 or 1), for tests. */
export function statusWakeupConnections(): number {
  return sub ? 1 : 0;
}
