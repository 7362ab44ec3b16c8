import type { Redis } from 'ioredis';
import { CHANNEL, type ExecutionAnswer, type StatusEvent } from './channels';
import { createRedis } from './connection';

/**
 * One Redis subscriber per process for the status channel, shared by every caller that waits for
 * an execution (`wait: true`): ten waiting calls are one connection, not ten. A caller registers
 * before it reads the row, so an event published between its read and its wait still wakes it.
 */
export interface StatusWakeup {
  /**
   * Resolves at the next status event for the execution since registration (or the last wait), with
   * the latest status it named (events seen while nobody waited collapse into the last one).
   */
  next(): Promise<string>;
  /**
   * The run's final row and output, when the worker published them (a run enqueued with `answer`,
   * publishAnswer): they arrive before the final status event that wakes the wait.
   */
  readonly answer: ExecutionAnswer | undefined;
  /** The subscription is live: events from now on are seen. False while Redis is unreachable. */
  readonly live: boolean;
  close(): void;
}

let sub: Redis | undefined;
let subscribed: Promise<void> | undefined;
interface Listener {
  wake(status: string): void;
  answered(answer: ExecutionAnswer): void;
}
const listeners = new Map<string, Set<Listener>>();

function parse<T extends { id: string }>(message: string): T | null {
  try {
    const value = JSON.parse(message) as T;
    return typeof value?.id === 'string' ? value : null;
  } catch {
    return null;
  }
}

function subscriber(): Promise<void> {
  if (!sub) {
    sub = createRedis();
    sub.on('message', (channel: string, message: string) => {
      if (channel === CHANNEL.executionAnswer) {
        // "<id> <answer JSON>" (publishAnswer): most processes wait for none of them.
        const space = message.indexOf(' ');
        const id = message.slice(0, Math.max(space, 0));
        const waiting = id ? listeners.get(id) : undefined;
        const answer = waiting && parse<ExecutionAnswer>(message.slice(space + 1));
        if (answer && answer.id === id) for (const l of waiting) l.answered(answer);
        return;
      }
      const event = parse<StatusEvent>(message);
      if (event) for (const l of listeners.get(event.id) ?? []) l.wake(String(event.status));
    });
    // ioredis subscribes again by itself after a reconnect.
    subscribed = sub.subscribe(CHANNEL.executionStatus, CHANNEL.executionAnswer).then(() => undefined);
    subscribed.catch(() => undefined);
  }
  return subscribed!;
}

/** Registers interest in one execution's status events; wait (bounded) until the subscription is live. */
export async function watchStatus(id: string, readyWithinMs = 1000): Promise<StatusWakeup> {
  const ready = subscriber();
  let woken: string | undefined;
  let resolve: (() => void) | undefined;
  let answer: ExecutionAnswer | undefined;
  const listener: Listener = {
    wake(status) {
      woken = status;
      resolve?.();
    },
    answered(a) {
      answer = a;
    },
  };
  let set = listeners.get(id);
  if (!set) listeners.set(id, (set = new Set()));
  set.add(listener);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready, new Promise((r) => (timer = setTimeout(r, readyWithinMs)))]);
  clearTimeout(timer);
  return {
    get live() {
      return sub?.status === 'ready';
    },
    get answer() {
      return answer;
    },
    next() {
      if (woken !== undefined) {
        const status = woken;
        woken = undefined;
        return Promise.resolve(status);
      }
      return new Promise<string>((r) => {
        resolve = () => {
          const status = woken!;
          woken = undefined;
          resolve = undefined;
          r(status);
        };
      });
    },
    close() {
      set.delete(listener);
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
