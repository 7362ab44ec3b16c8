import type { AlertEvent } from './alerts.schema';

/** A run that reached its final state, as rules see it. */
export interface EndedRun {
  subject: { kind: 'script' | 'workflow'; id: string; tags: readonly string[] };
  status: string;
  durationMs: number | null;
}

export interface RuleLike {
  events: readonly string[];
  targetType: 'script' | 'workflow' | 'tag' | 'all';
  targetId: string | null;
  targetTag: string | null;
  slowSeconds: number | null;
}

/** Workflows carry no tags: a tag rule is about scripts. */
export function ruleCoversRun(rule: RuleLike, run: EndedRun): boolean {
  switch (rule.targetType) {
    case 'all':
      return true;
    case 'script':
      return run.subject.kind === 'script' && rule.targetId === run.subject.id;
    case 'workflow':
      return run.subject.kind === 'workflow' && rule.targetId === run.subject.id;
    case 'tag':
      return run.subject.kind === 'script' && rule.targetTag !== null && run.subject.tags.includes(rule.targetTag);
  }
}

const FINAL_ALERTABLE = new Set(['succeeded', 'failed', 'timed_out']);

export function isSlow(rule: Pick<RuleLike, 'slowSeconds'>, run: Pick<EndedRun, 'durationMs' | 'status'>): boolean {
  return (
    FINAL_ALERTABLE.has(run.status) &&
    rule.slowSeconds !== null &&
    run.durationMs !== null &&
    run.durationMs > rule.slowSeconds * 1000
  );
}

/**
 * The one event a rule reports for a run (one message per run and rule, even when a run is both
 * failed and slow): the first of timed_out, failed, recovered, slow that the rule listens for.
 * `recovered`: this run succeeded and the previous final run of the same script or workflow did not.
 */
export function eventFor(rule: RuleLike, run: EndedRun, previousFailed: boolean): AlertEvent | null {
  const candidates: AlertEvent[] = [];
  if (run.status === 'timed_out') candidates.push('timed_out');
  if (run.status === 'failed') candidates.push('failed');
  if (run.status === 'succeeded' && previousFailed) candidates.push('recovered');
  if (isSlow(rule, run)) candidates.push('slow');
  return candidates.find((e) => rule.events.includes(e)) ?? null;
}

/** Whether a run with this status could interest rules listening for these events (the hot path's filter). */
export function statusMayAlert(status: string, events: ReadonlySet<AlertEvent>): boolean {
  switch (status) {
    case 'failed':
      return events.has('failed') || events.has('slow');
    case 'timed_out':
      return events.has('timed_out') || events.has('slow');
    case 'succeeded':
      return events.has('recovered') || events.has('slow');
    default:
      return false;
  }
}

/**
 * Throttle: at most one message per window per (rule, target). Answers whether this one goes out,
 * and when the current window ends (where held-back alerts are summarised).
 */
export function decideThrottle(
  lastSentAt: Date | null,
  throttleMinutes: number,
  now: Date,
): { send: boolean; windowEnd: number } {
  const windowMs = throttleMinutes * 60_000;
  if (windowMs === 0 || !lastSentAt) return { send: true, windowEnd: now.getTime() + windowMs };
  const windowEnd = lastSentAt.getTime() + windowMs;
  return {
    send: now.getTime() >= windowEnd,
    windowEnd: now.getTime() >= windowEnd ? now.getTime() + windowMs : windowEnd,
  };
}
