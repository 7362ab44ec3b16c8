import type { ServerResponse } from 'node:http';
import client from 'prom-client';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { logger } from '@/server/log/logger';
import { queueCounts } from '@/server/queue/execution-queue';
import { listWorkers } from '@/server/queue/workers-registry';

/**
 * Prometheus metrics of this process (web or worker), documented in docs/metrics.md. Counters and
 * histograms count what this process did; the gauges read the shared state (PostgreSQL, Redis) at
 * scrape time, so every process reports the same cluster-wide value for them.
 */
export interface Metrics {
  registry: client.Registry;
  started: client.Counter<'language' | 'trigger'>;
  finished: client.Counter<'status' | 'language' | 'trigger'>;
  duration: client.Histogram<'status' | 'language'>;
  http: client.Histogram<'surface' | 'method' | 'route' | 'status'>;
}

const KEY = Symbol.for('vss.stats.metrics');
type Holder = { [KEY]?: Metrics };

async function safely(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    // A scrape must still answer when PostgreSQL or Redis is briefly away.
    logger().debug({ err, what }, 'metrics gauge not collected');
  }
}

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const started = new client.Counter({
    name: 'vss_executions_started_total',
    help: 'Execution attempts that started running in this process (a retry counts again).',
    labelNames: ['language', 'trigger'] as const,
    registers: [registry],
  });
  const finished = new client.Counter({
    name: 'vss_executions_finished_total',
    help: 'Executions that reached a final status, counted by the process that wrote it.',
    labelNames: ['status', 'language', 'trigger'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'vss_execution_duration_seconds',
    help: 'Run time of executions that reached a final status with a known duration.',
    labelNames: ['status', 'language'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const http = new client.Histogram({
    name: 'vss_http_request_duration_seconds',
    help: 'Time to answer REST v1 and tRPC requests (until the response starts).',
    labelNames: ['surface', 'method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'vss_queue_depth',
    help: 'Jobs in the executions queue by BullMQ state (shared state: the same in every process).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await safely('queue depth', async () => {
        const counts = await queueCounts();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      });
    },
  });
  new client.Gauge({
    name: 'vss_executions_running',
    help: 'Executions whose status is running (shared state: the same in every process).',
    registers: [registry],
    async collect() {
      await safely('running', async () => {
        const r = await db().execute<{ n: number }>(
          sql`select count(*)::int as n from executions where status = 'running'`,
        );
        this.set(Number(r.rows[0]?.n ?? 0));
      });
    },
  });
  new client.Gauge({
    name: 'vss_workers_connected',
    help: 'Workers whose heartbeat is current (shared state: the same in every process).',
    registers: [registry],
    async collect() {
      await safely('workers', async () => this.set((await listWorkers()).length));
    },
  });
  return { registry, started, finished, duration, http };
}

/** One set per process, even if the module is bundled more than once. */
export function metrics(): Metrics {
  const holder = globalThis as Holder;
  holder[KEY] ??= create();
  return holder[KEY];
}

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}

/** Times one HTTP request; the route label is a template (never a raw URL) to bound cardinality. */
export async function observeHttp(
  labels: { surface: 'rest' | 'trpc'; method: string; route: string },
  handle: () => Promise<Response>,
): Promise<Response> {
  const end = metrics().http.startTimer({ surface: labels.surface, method: labels.method, route: labels.route });
  try {
    const res = await handle();
    end({ status: String(res.status) });
    return res;
  } catch (err) {
    end({ status: '500' });
    throw err;
  }
}

const languageCache = new Map<string, string>();

/** A script's language for metric labels; cached, since it is read on every start and finish. */
export async function scriptLanguage(scriptId: string | null): Promise<string> {
  if (!scriptId) return 'none';
  const cached = languageCache.get(scriptId);
  if (cached) return cached;
  const r = await db().execute<{ language: string }>(sql`select language from scripts where id = ${scriptId}`);
  const language = r.rows[0]?.language ?? 'unknown';
  if (languageCache.size > 5_000) languageCache.clear();
  languageCache.set(scriptId, language);
  return language;
}

interface RunLabels {
  scriptId: string | null;
  triggerType: string;
}

/** Counts a run that this process moved from queued to running. Never throws. */
export async function recordExecutionStarted(row: RunLabels): Promise<void> {
  try {
    metrics().started.inc({ language: await scriptLanguage(row.scriptId), trigger: row.triggerType });
  } catch (err) {
    logger().debug({ err }, 'started metric not recorded');
  }
}

export async function observeFinished(row: RunLabels & { status: string; durationMs: number | null }): Promise<void> {
  const language = await scriptLanguage(row.scriptId);
  const m = metrics();
  m.finished.inc({ status: row.status, language, trigger: row.triggerType });
  if (row.durationMs != null) m.duration.observe({ status: row.status, language }, row.durationMs / 1000);
}

/** Answers a plain Node HTTP request with the metrics text (the worker's health server). */
export function serveMetrics(res: ServerResponse): void {
  metricsText()
    .then(({ body, contentType }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    })
    .catch((err) => {
      logger().warn({ err }, 'metrics could not be collected');
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('metrics unavailable\n');
    });
}

/**
 * The route label of a tRPC request: the procedure's name when the request carries one known
 * procedure, `batch` for several, `unknown` otherwise (names come from the client, so only known
 * ones become labels).
 */
export function trpcRouteLabel(procedurePath: string, known: Record<string, unknown>): string {
  let names: string[];
  try {
    names = decodeURIComponent(procedurePath).split(',').filter(Boolean);
  } catch {
    return 'unknown';
  }
  if (names.length > 1) return 'batch';
  return names[0] && Object.hasOwn(known, names[0]) ? names[0] : 'unknown';
}
