// Statistics and result rows for the benchmarks: medians of repeated runs, their spread, and one comparable row each.

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

/** Spread of repeated runs, as ± half the min–max range relative to the median (the noise shown in the table). */
export const spread = (values: readonly number[]): number => {
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / 2 / m;
};

export interface Target {
  /** ours / baseline must be at most this. */
  maxRatio?: number;
  /** ours / baseline must be at least this (throughput). */
  minRatio?: number;
  /** ours − baseline must be at most this (same unit). */
  maxDelta?: number;
  /** ours must be at most this (same unit), whatever the baseline: an absolute target. */
  max?: number;
}

export interface Row {
  section: string;
  metric: string;
  unit: string;
  ours: number;
  baseline: number;
  /** What the baseline is. */
  baselineName: string;
  ratio: number;
  oursSpread: number;
  baselineSpread: number;
  target?: Target;
  holds?: boolean;
  samples: { ours: number[]; baseline: number[] };
}

export function row(
  section: string,
  metric: string,
  unit: string,
  baselineName: string,
  ours: readonly number[],
  baseline: readonly number[],
  target?: Target,
): Row {
  const o = median(ours);
  const b = median(baseline);
  // A zero baseline (autocannon reports whole milliseconds) has no meaningful ratio.
  const ratio = b === 0 ? Number.NaN : o / b;
  const holds =
    target === undefined
      ? undefined
      : (target.maxRatio === undefined || ratio <= target.maxRatio) &&
        (target.minRatio === undefined || ratio >= target.minRatio) &&
        (target.maxDelta === undefined || o - b <= target.maxDelta) &&
        (target.max === undefined || o <= target.max);
  return {
    section,
    metric,
    unit,
    ours: o,
    baseline: b,
    baselineName,
    ratio,
    oursSpread: spread(ours),
    baselineSpread: spread(baseline),
    ...(target === undefined ? {} : { target }),
    ...(holds === undefined ? {} : { holds }),
    samples: { ours: [...ours], baseline: [...baseline] },
  };
}

/** Runs `fn` `rounds` times alternating with `other`, so both see the same machine load. */
export async function alternate<T>(
  rounds: number,
  ours: () => Promise<T>,
  baseline: () => Promise<T>,
): Promise<{ ours: T[]; baseline: T[] }> {
  const result = { ours: [] as T[], baseline: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    // Swap the order every round: whichever runs second may profit from a warmer CPU cache or suffer a busier machine.
    if (i % 2 === 0) {
      result.ours.push(await ours());
      result.baseline.push(await baseline());
    } else {
      result.baseline.push(await baseline());
      result.ours.push(await ours());
    }
  }
  return result;
}

/** Runs each of `runs` `rounds` times, rotating which goes first, so all see the same machine load. */
export async function rotate<T>(rounds: number, runs: readonly (() => Promise<T>)[]): Promise<T[][]> {
  const results = runs.map(() => [] as T[]);
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < runs.length; j++) {
      const k = (i + j) % runs.length;
      (results[k] as T[]).push(await (runs[k] as () => Promise<T>)());
    }
  }
  return results;
}
