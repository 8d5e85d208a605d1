/** Small statistics helpers for the scheduler benchmarks. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Summary {
  samples: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function formatSummary(name: string, s: Summary, unit = 'ms'): string {
  const f = (n: number) => `${Math.round(n * 10) / 10}`;
  return `${name.padEnd(34)} n=${String(s.samples).padStart(4)}  median ${f(s.median)} ${unit}  p90 ${f(s.p90)}  p99 ${f(s.p99)}  max ${f(s.max)}`;
}
