import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cgroupSupport, emptyGroupReserve, GROUP_RESERVE_SIZE, RunGroup } from './cgroups';

const limits = { memoryBytes: 64 * 1024 * 1024, maxProcesses: 16 };
const dirsOf = (g: RunGroup) => g.procsFiles().map((f) => path.dirname(f));
/** This process's groups under the runs' base group: those made ahead and those in use. */
const mine = (base: string) => readdirSync(base).filter((name) => name.startsWith(`run-${process.pid}-`));
/** The reserve fills off the event loop: wait until it holds groups. */
async function reserveFilled(base: string): Promise<void> {
  for (let i = 0; i < 200 && mine(base).length === 0; i++) await sleep(50);
  expect(mine(base).length).toBeGreaterThan(0);
}

describe.skipIf(!cgroupSupport().version)('run control groups made ahead', () => {
  it('gives every run a new, empty group with its limits, and removes it after the run', async () => {
    const first = RunGroup.create(limits)!;
    const seen = new Set(dirsOf(first));
    await first.destroy();
    for (const dir of seen) expect(existsSync(dir)).toBe(false);
    await reserveFilled(path.dirname([...seen][0]!));
    const groups: RunGroup[] = [];
    for (let i = 0; i < 12; i++) {
      const g = RunGroup.create(limits)!;
      groups.push(g);
      for (const dir of dirsOf(g)) {
        expect(seen.has(dir)).toBe(false);
        seen.add(dir);
        expect(readFileSync(path.join(dir, 'cgroup.procs'), 'utf8')).toBe('');
      }
      const memoryLimit = g
        .procsFiles()
        .map((f) =>
          path.join(path.dirname(f), cgroupSupport().version === 'v2' ? 'memory.max' : 'memory.limit_in_bytes'),
        )
        .find(existsSync);
      expect(Number(readFileSync(memoryLimit!, 'utf8'))).toBe(limits.memoryBytes);
    }
    await Promise.all(groups.map((g) => g.destroy()));
    for (const g of groups) for (const dir of dirsOf(g)) expect(existsSync(dir)).toBe(false);
  });

  it('removes the groups made ahead when the worker stops', async () => {
    const g = RunGroup.create(limits)!;
    const base = path.dirname(dirsOf(g)[0]!);
    await g.destroy();
    await reserveFilled(base);
    emptyGroupReserve();
    // One a fill was making meanwhile goes as soon as it is made.
    for (let i = 0; i < 200 && mine(base).length > 0; i++) await sleep(50);
    expect(mine(base)).toEqual([]);
  });

  it('makes a new group when one made ahead was removed meanwhile', async () => {
    const g = RunGroup.create(limits)!;
    const base = path.dirname(dirsOf(g)[0]!);
    await g.destroy();
    // The reserve full, no fill under way: the next run takes one of these.
    for (let i = 0; i < 200 && mine(base).length < GROUP_RESERVE_SIZE; i++) await sleep(50);
    expect(mine(base)).toHaveLength(GROUP_RESERVE_SIZE);
    // Someone removes every group made ahead (an operator cleaning up by hand).
    for (const name of mine(base)) for (const d of dirsOf(g)) rmdirSync(path.join(path.dirname(d), name));
    const next = RunGroup.create(limits)!;
    for (const dir of dirsOf(next)) expect(existsSync(dir)).toBe(true);
    await next.destroy();
  });
});
