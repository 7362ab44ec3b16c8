import { sql, type SQL } from 'drizzle-orm';

/**
 * Fixed, log-scale duration buckets shared by every rollup row. Bounds are whole milliseconds:
 * 1..9 ms one by one, then 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80 times each power of ten up
 * to 10^9 ms (11.6 days, beyond the longest allowed timeout).
 *
 * Histogram index i (0-based) counts durations d with bound[i-1] <= d < bound[i]; index 0 is
 * d < 1 ms and the last index is d >= 10^9 ms. This is exactly PostgreSQL's
 * `width_bucket(d, bounds)`, so SQL and TypeScript always agree on a bucket.
 *
 * Precision: from 10 ms up, a bucket's upper bound is at most 4/3 of its lower bound, so a
 * percentile read from the histogram lies in the same bucket as the true value (within 33 %).
 */
const MANTISSAS = [10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80];

function buildBounds(): number[] {
  const bounds = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let scale = 1; scale <= 10 ** 7; scale *= 10) for (const m of MANTISSAS) bounds.push(m * scale);
  bounds.push(10 ** 9);
  return bounds;
}

export const HIST_BOUNDS_MS: readonly number[] = Object.freeze(buildBounds());
/** Length of every histogram array. */
export const HIST_SIZE = HIST_BOUNDS_MS.length + 1;

/** The bounds as a SQL array literal (a constant, so it is inlined, never a parameter). */
export const histBoundsSql: SQL = sql.raw(`'{${HIST_BOUNDS_MS.join(',')}}'::int[]`);

/** 0-based bucket of a duration: how many bounds are <= it (same as width_bucket). */
export function histIndex(durationMs: number): number {
  let lo = 0;
  let hi = HIST_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (HIST_BOUNDS_MS[mid]! <= durationMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lo, hi) of bucket i in ms; hi is null for the last, open bucket. */
export function bucketRange(i: number): { lo: number; hi: number | null } {
  return { lo: i === 0 ? 0 : HIST_BOUNDS_MS[i - 1]!, hi: i < HIST_BOUNDS_MS.length ? HIST_BOUNDS_MS[i]! : null };
}

export function emptyHistogram(): number[] {
  return new Array<number>(HIST_SIZE).fill(0);
}

/** Element-wise sum; tolerates arrays of another length (a future change of buckets). */
export function addHistograms(into: number[], other: readonly (number | null)[]): number[] {
  for (let i = 0; i < other.length; i++) into[i] = (into[i] ?? 0) + Number(other[i] ?? 0);
  return into;
}

/**
 * The q-quantile (0 < q <= 1) estimated from a histogram: the bucket holding the nearest-rank
 * value (rank ceil(q*n)) is found exactly, and the value is interpolated inside it, so the answer
 * is always within that bucket's bounds. Null when the histogram is empty.
 */
export function percentileFromHistogram(hist: readonly number[], q: number): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let before = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i] ?? 0;
    if (c > 0 && before + c >= rank) {
      const { lo, hi } = bucketRange(i);
      if (hi === null) return lo;
      return lo + ((hi - lo) * (rank - before - 0.5)) / c;
    }
    before += c;
  }
  return bucketRange(hist.length - 1).lo;
}

/** Display ranges of the duration-distribution chart; every edge is one of the bounds above. */
export const DISTRIBUTION_EDGES_MS = [100, 1_000, 5_000, 30_000, 60_000, 300_000, 1_200_000] as const;

export function distributionFromHistogram(
  hist: readonly number[],
): { min_ms: number; max_ms: number | null; count: number }[] {
  const edges = [0, ...DISTRIBUTION_EDGES_MS];
  const out = edges.map((min, k) => ({ min_ms: min, max_ms: (edges[k + 1] ?? null) as number | null, count: 0 }));
  hist.forEach((c, i) => {
    if (!c) return;
    const { lo } = bucketRange(i);
    let k = edges.length - 1;
    while (k > 0 && lo < edges[k]!) k--;
    out[k]!.count += c;
  });
  return out;
}
