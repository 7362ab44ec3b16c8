import { describe, expect, it } from 'vitest';
import type { RunNodeStatus } from '../workflows.schema';
import { edgeState, type EdgeState } from './edge-states';

type Policy = 'fail' | 'continue' | 'error_edge';
type Label = 'true' | 'false' | 'error' | null;

// [source type, policy, source status, source output, edge label, expected]
const table: Array<[string, Policy, RunNodeStatus, unknown, Label, EdgeState]> = [
  ['script', 'fail', 'pending', null, null, 'unresolved'],
  ['script', 'fail', 'queued', null, null, 'unresolved'],
  ['script', 'fail', 'running', null, 'error', 'unresolved'],
  ['script', 'fail', 'skipped', null, null, 'dead'],
  ['script', 'continue', 'cancelled', null, null, 'dead'],
  ['script', 'error_edge', 'cancelled', null, 'error', 'dead'],
  ['script', 'fail', 'succeeded', { x: 1 }, null, 'taken'],
  ['script', 'error_edge', 'succeeded', null, 'error', 'dead'],
  ['parallel', 'fail', 'succeeded', null, null, 'taken'],
  ['condition', 'fail', 'succeeded', { result: true }, 'true', 'taken'],
  ['condition', 'fail', 'succeeded', { result: true }, 'false', 'dead'],
  ['condition', 'fail', 'succeeded', { result: false }, 'false', 'taken'],
  ['condition', 'fail', 'succeeded', { result: false }, 'true', 'dead'],
  ['condition', 'fail', 'succeeded', { result: true }, null, 'dead'],
  ['script', 'fail', 'failed', null, null, 'dead'],
  ['script', 'fail', 'failed', null, 'error', 'dead'],
  ['script', 'continue', 'failed', null, null, 'taken'],
  ['script', 'continue', 'failed', null, 'error', 'dead'],
  ['script', 'error_edge', 'failed', null, 'error', 'taken'],
  ['script', 'error_edge', 'failed', null, null, 'dead'],
  ['condition', 'continue', 'failed', null, null, 'taken'],
];

describe('edgeState', () => {
  it.each(table)('%s (%s) %s with output %j, edge %s → %s', (type, policy, status, output, label, expected) => {
    const def = { type, error_policy: policy } as Parameters<typeof edgeState>[2];
    expect(edgeState({ label }, { status, output }, def)).toBe(expected);
  });
});
