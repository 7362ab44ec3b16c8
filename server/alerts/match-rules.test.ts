import { describe, expect, it } from 'vitest';
import { decideThrottle, eventFor, ruleCoversRun, statusMayAlert, type EndedRun, type RuleLike } from './match-rules';

const script = (status: string, durationMs: number | null = 1_000, tags: string[] = ['nightly']): EndedRun => ({
  subject: { kind: 'script', id: 's1', tags },
  status,
  durationMs,
});
const workflow = (status: string): EndedRun => ({
  subject: { kind: 'workflow', id: 'w1', tags: [] },
  status,
  durationMs: 1_000,
});
const rule = (events: string[], extra: Partial<RuleLike> = {}): RuleLike => ({
  events,
  targetType: 'all',
  targetId: null,
  targetTag: null,
  slowSeconds: null,
  ...extra,
});

describe('eventFor: one event per rule and run', () => {
  it.each([
    { name: 'failure', events: ['failed'], run: script('failed'), prevFailed: false, want: 'failed' },
    {
      name: 'timeout',
      events: ['failed', 'timed_out'],
      run: script('timed_out'),
      prevFailed: false,
      want: 'timed_out',
    },
    { name: 'timeout is not a failure', events: ['failed'], run: script('timed_out'), prevFailed: false, want: null },
    {
      name: 'first success after failures',
      events: ['recovered'],
      run: script('succeeded'),
      prevFailed: true,
      want: 'recovered',
    },
    { name: 'success after success', events: ['recovered'], run: script('succeeded'), prevFailed: false, want: null },
    {
      name: 'cancelled never alerts',
      events: ['failed', 'recovered', 'slow'],
      run: script('cancelled', 99_000),
      prevFailed: true,
      want: null,
    },
    {
      name: 'slow success',
      events: ['slow'],
      run: script('succeeded', 61_000),
      prevFailed: false,
      want: 'slow',
      slow: 60,
    },
    {
      name: 'exactly the threshold is not slow',
      events: ['slow'],
      run: script('succeeded', 60_000),
      prevFailed: false,
      want: null,
      slow: 60,
    },
    {
      name: 'failed and slow: failed wins',
      events: ['failed', 'slow'],
      run: script('failed', 61_000),
      prevFailed: false,
      want: 'failed',
      slow: 60,
    },
    {
      name: 'failed and slow, rule only on slow',
      events: ['slow'],
      run: script('failed', 61_000),
      prevFailed: false,
      want: 'slow',
      slow: 60,
    },
    {
      name: 'recovered and slow: recovered wins',
      events: ['slow', 'recovered'],
      run: script('succeeded', 61_000),
      prevFailed: true,
      want: 'recovered',
      slow: 60,
    },
    {
      name: 'unknown duration is not slow',
      events: ['slow'],
      run: script('succeeded', null),
      prevFailed: false,
      want: null,
      slow: 1,
    },
  ])('$name → $want', ({ events, run, prevFailed, want, slow }) => {
    expect(eventFor(rule(events, { slowSeconds: slow ?? null }), run, prevFailed)).toBe(want);
  });
});

describe('ruleCoversRun', () => {
  it.each([
    { r: rule(['failed']), run: script('failed'), want: true },
    { r: rule(['failed']), run: workflow('failed'), want: true },
    { r: rule(['failed'], { targetType: 'script', targetId: 's1' }), run: script('failed'), want: true },
    { r: rule(['failed'], { targetType: 'script', targetId: 's2' }), run: script('failed'), want: false },
    { r: rule(['failed'], { targetType: 'script', targetId: 'w1' }), run: workflow('failed'), want: false },
    { r: rule(['failed'], { targetType: 'workflow', targetId: 'w1' }), run: workflow('failed'), want: true },
    { r: rule(['failed'], { targetType: 'tag', targetTag: 'nightly' }), run: script('failed'), want: true },
    { r: rule(['failed'], { targetType: 'tag', targetTag: 'hourly' }), run: script('failed'), want: false },
    { r: rule(['failed'], { targetType: 'tag', targetTag: 'nightly' }), run: workflow('failed'), want: false },
  ])('$r.targetType $r.targetId$r.targetTag on a $run.subject.kind → $want', ({ r, run, want }) => {
    expect(ruleCoversRun(r, run)).toBe(want);
  });
});

describe('statusMayAlert: the hot path enqueues only what some rule can use', () => {
  it.each([
    { status: 'failed', events: ['failed'], want: true },
    { status: 'failed', events: ['recovered'], want: false },
    { status: 'succeeded', events: ['failed', 'timed_out'], want: false },
    { status: 'succeeded', events: ['recovered'], want: true },
    { status: 'succeeded', events: ['slow'], want: true },
    { status: 'timed_out', events: ['failed'], want: false },
    { status: 'cancelled', events: ['failed', 'timed_out', 'recovered', 'slow'], want: false },
    { status: 'failed', events: [], want: false },
  ])('$status with rules on [$events] → $want', ({ status, events, want }) => {
    expect(statusMayAlert(status, new Set(events as never[]))).toBe(want);
  });
});

describe('decideThrottle', () => {
  const t0 = new Date('2026-12-07T00:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  it('sends the first message and opens a window', () => {
    expect(decideThrottle(null, 10, t0)).toEqual({ send: true, windowEnd: at(600).getTime() });
  });
  it('holds back inside the window and names its end', () => {
    expect(decideThrottle(t0, 10, at(599))).toEqual({ send: false, windowEnd: at(600).getTime() });
  });
  it('sends again once the window has passed', () => {
    expect(decideThrottle(t0, 10, at(600))).toEqual({ send: true, windowEnd: at(1200).getTime() });
  });
  it('never holds back with throttle 0', () => {
    expect(decideThrottle(at(-1), 0, t0).send).toBe(true);
  });
});
