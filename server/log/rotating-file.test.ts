import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RotatingFile } from './rotating-file';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (writer: string, i: number) => `${JSON.stringify({ writer, i, pad: 'x'.repeat(200) })}\n`;

describe('RotatingFile', () => {
  it('two writers share one file, it rotates past the cap, keeps N old files and loses no line', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vss-log-'));
    const file = path.join(dir, 'logs', 'service.log');
    const max = 256 * 1024;
    const a = new RotatingFile(file, max, 3);
    const b = new RotatingFile(file, max, 3);
    const perWriter = 2000; // 2 × 2000 × ~240 B ≈ 940 KB: three or four rotations
    for (let i = 0; i < perWriter; i++) {
      a.write(line('a', i));
      b.write(line('b', i));
    }
    a.close();
    b.close();
    const files = [file, `${file}.1`, `${file}.2`, `${file}.3`];
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(existsSync(`${file}.4`)).toBe(false);
    // Each file stays near the cap: checked every 64 KB written per writer, so at most 2 × 64 KB over.
    for (const f of files) expect(statSync(f).size).toBeLessThan(max + 2 * 64 * 1024 + 1024);
    const lines = [...files]
      .reverse()
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { writer: string; i: number });
    // Oldest file first: every line whole, each writer's lines in order, the newest ones there.
    const lastOfA = lines.filter((l) => l.writer === 'a').map((l) => l.i);
    expect(lastOfA.at(-1)).toBe(perWriter - 1);
    expect(lastOfA).toEqual([...lastOfA].sort((x, y) => x - y).filter((v, k, all) => all.indexOf(v) === k));
    expect(lines.filter((l) => l.writer === 'b').at(-1)!.i).toBe(perWriter - 1);
  });

  it('a writer whose file was rotated by another reopens the path', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vss-log-'));
    const file = path.join(dir, 'service.log');
    const a = new RotatingFile(file, 1024, 2);
    const b = new RotatingFile(file, 1024, 2);
    a.write('x'.repeat(2000) + '\n');
    a.check(); // full: a rotates
    expect(statSync(`${file}.1`).size).toBe(2001);
    b.check(); // b still writes to the renamed file until it looks
    b.write('after\n');
    a.close();
    b.close();
    expect(readFileSync(file, 'utf8')).toBe('after\n');
  });
});
