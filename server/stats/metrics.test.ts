import { describe, expect, it } from 'vitest';
import {
  percentileFromHistogram,
  emptyHistogram,
  histIndex,
  bucketRange,
  distributionFromHistogram,
} from './duration-histogram';
import { trpcRouteLabel } from './metrics';

describe('tRPC route labels stay bounded', () => {
  const known = { 'stats.overview': {}, 'scripts.list': {} };
  it('names one known procedure, and nothing the router does not have', () => {
    expect(trpcRouteLabel('stats.overview', known)).toBe('stats.overview');
    expect(trpcRouteLabel('stats.overview,scripts.list', known)).toBe('batch');
    expect(trpcRouteLabel('attacker.made.this.up', known)).toBe('unknown');
    expect(trpcRouteLabel('%E0%A4%A', known)).toBe('unknown');
    expect(trpcRouteLabel('', known)).toBe('unknown');
  });
});

describe('percentiles from a histogram', () => {
  it('is null without data and stays inside the bucket of the true value', () => {
    expect(percentileFromHistogram(emptyHistogram(), 0.95)).toBeNull();
    const h = emptyHistogram();
    for (const d of [12, 13, 14, 2500, 2600]) h[histIndex(d)]! += 1;
    const p50 = percentileFromHistogram(h, 0.5)!; // true value 14, bucket [12, 15)
    expect(p50).toBeGreaterThanOrEqual(12);
    expect(p50).toBeLessThan(15);
    const p99 = percentileFromHistogram(h, 0.99)!; // true value 2600, bucket [2500, 3000)
    expect(p99).toBeGreaterThanOrEqual(bucketRange(histIndex(2600)).lo);
    expect(p99).toBeLessThan(bucketRange(histIndex(2600)).hi!);
    expect(bucketRange(histIndex(2600))).toEqual({ lo: 2500, hi: 3000 });
  });
  it('folds buckets into the display ranges without losing a run', () => {
    const h = emptyHistogram();
    for (const d of [0, 99, 100, 4999, 5000, 59_999, 60_000, 1_200_000, 2_000_000_000]) h[histIndex(d)]! += 1;
    expect(distributionFromHistogram(h).map((b) => b.count)).toEqual([2, 1, 1, 1, 1, 1, 0, 2]);
  });
});
