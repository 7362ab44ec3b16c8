import { describe, expect, it } from 'vitest';
import type { EdgeState } from './edge-states';
import { readiness, type Readiness } from './join';

const all = { type: 'join', config: { mode: 'all' } } as const;
const first = { type: 'join', config: { mode: 'first' } } as const;
const script = { type: 'script', config: {} } as const;

const table: Array<[string, Parameters<typeof readiness>[0], EdgeState[], Readiness]> = [
  ['one input taken', script, ['taken'], 'run'],
  ['one input unresolved', script, ['unresolved'], 'wait'],
  ['one input dead', script, ['dead'], 'skip'],
  ['no input', script, [], 'skip'],
  ['join all: every input taken', all, ['taken', 'taken', 'taken'], 'run'],
  ['join all: one still open', all, ['taken', 'unresolved', 'taken'], 'wait'],
  ['join all: a dead input does not block', all, ['taken', 'dead'], 'run'],
  ['join all: every input dead', all, ['dead', 'dead'], 'skip'],
  ['join first: the first taken input', first, ['unresolved', 'taken', 'unresolved'], 'run'],
  ['join first: nothing taken yet', first, ['unresolved', 'dead'], 'wait'],
  ['join first: every input dead', first, ['dead', 'dead'], 'skip'],
  ['any node with several inputs waits like join all', script, ['taken', 'unresolved'], 'wait'],
];

describe('readiness', () => {
  it.each(table)('%s', (_, def, states, expected) => {
    expect(readiness(def, states)).toBe(expected);
  });
});
