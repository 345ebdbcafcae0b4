/** Request timings for the benchmarks that time routes on a local server (bench:stats, bench:dossiers). */

export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Runs `once` three times to warm up, then `iterations` times: the timed runs' quantiles (ms). */
export async function latency(once: () => Promise<number>, iterations: number): Promise<Latency> {
  for (let i = 0; i < 3; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), max: samples.at(-1) ?? 0 };
}
