import { env } from '@/server/env';
import { redis } from './connection';
import { WORKER_HEARTBEAT_MS, WORKER_KEY_PREFIX } from './queues';

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  startedAt: string;
  heartbeatAt: string;
  python: string;
  bash: string;
  sandbox: string;
  /** Executions it is running now: a run whose lock lapsed on a busy but alive worker is not lost. */
  executions?: string[];
  /** Which limits this worker's sandboxes enforce (older workers do not say). */
  limits?: SandboxEnforcement;
  /** Why the worker takes no runs now (no working sandbox, or the host is short of memory or disk), or null. */
  refusing?: string | null;
}

/** How `refusing` starts when the sandbox lacks a piece (the rest names it and its install command). */
export const NO_SANDBOX = 'no sandbox: ';

export interface SandboxEnforcement {
  /** A control group per run (memory with tmpfs, processes, CPU weight): 'v1', 'v2' or null (rlimits only). */
  cgroup: 'v1' | 'v2' | null;
  memory: boolean;
  pids: boolean;
  cpu: boolean;
  /** Syscall filter (no new namespaces, mounts, bpf, ptrace...). */
  seccomp: boolean;
  /** /work is a size-limited filesystem of its own. */
  diskQuota: boolean;
  /** Why something is not enforced. */
  note?: string;
}

/** Each worker refreshes its key; a key expires three heartbeats after its worker went silent. */
export async function publishWorkerHeartbeat(info: WorkerInfo): Promise<void> {
  await redis().set(
    `${env().QUEUE_PREFIX}:${WORKER_KEY_PREFIX}${info.id}`,
    JSON.stringify(info),
    'PX',
    WORKER_HEARTBEAT_MS * 3,
  );
}

/** The worker's last heartbeat, or null when it has been silent for three heartbeats (gone). */
export async function getWorker(id: string): Promise<WorkerInfo | null> {
  const v = await redis().get(`${env().QUEUE_PREFIX}:${WORKER_KEY_PREFIX}${id}`);
  return v ? (JSON.parse(v) as WorkerInfo) : null;
}

export async function removeWorker(id: string): Promise<void> {
  await redis().del(`${env().QUEUE_PREFIX}:${WORKER_KEY_PREFIX}${id}`);
}

export async function listWorkers(): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis().scan(
      cursor,
      'MATCH',
      `${env().QUEUE_PREFIX}:${WORKER_KEY_PREFIX}*`,
      'COUNT',
      100,
    );
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis().mget(keys);
  return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as WorkerInfo);
}
