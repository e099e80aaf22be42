/** A small closed-loop HTTP load generator for benchmarks (loopback only, bounded in time). */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** The first few distinct failures (HTTP status and error code or message), to say what went wrong. */
  errorSamples: string[];
}

export async function runLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: (i: number) => string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url))
    throw new Error('load only targets loopback');
  const latencies: number[] = [];
  let errors = 0;
  const errorSamples = new Set<string>();
  const sample = (what: string) => {
    if (errorSamples.size < 5) errorSamples.add(what.slice(0, 300));
  };
  let i = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: options.headers,
          body: options.body(i++),
        });
        const json = (await res.json()) as {
          errors?: Array<{ message?: string; extensions?: { code?: string } }>;
        };
        if (!res.ok || json.errors) {
          errors += 1;
          const e = json.errors?.[0];
          sample(`${res.status} ${e?.extensions?.code ?? ''} ${e?.message ?? ''}`);
        }
      } catch (error) {
        errors += 1;
        sample(String((error as Error)?.message ?? error));
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: pct(50),
    p99: pct(99),
    errorSamples: [...errorSamples],
  };
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
