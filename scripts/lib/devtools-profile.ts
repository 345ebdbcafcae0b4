/**
 * A V8 CPU profile of the Worker's own isolate, taken through `wrangler dev`'s inspector
 * (Chrome DevTools Protocol over a WebSocket; Node 24 has a global WebSocket). Used by
 * `npm run bench:worker` beside the /proc measurement (docs/adr/0025-catalogue-outside-the-worker.md).
 *
 * What a profile counts. V8's sampler records a sample only while the isolate's lock is held
 * (workerd uses V8 lockers), so waiting for I/O leaves no samples and the local runtime's other
 * work (the proxy and entry workers, the assets service, local D1, which runs as a Durable
 * Object in its own isolate) never appears. Each sample weighs the time since the previous
 * one (`timeDeltas`), capped at 1.5 times the sampler's period measured in the same profile:
 * a longer gap is time the isolate was not running, not CPU. Samples named:
 * - `(idle)`: not counted;
 * - `(garbage collector)`: counted, the Worker's garbage;
 * - `(program)`: counted, the runtime's native code on the Worker's thread with its lock held
 *   (building a Response, encoding text, D1's client side): Cloudflare bills it to the Worker.
 */

/** The sampler period asked of V8, µs; it measures about 160 µs on this machine. */
export const SAMPLING_INTERVAL_US = 100;

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled CPU of the isolate, ms: everything but `(idle)`. */
  ms: number;
  /** Of which garbage collection and the runtime's native code, ms. */
  gcMs: number;
  programMs: number;
  /** Samples kept, and the sampler period measured (µs, the 10th percentile of the gaps). */
  samples: number;
  periodUs: number;
  /** Self time per function (name, file:line), heaviest first. */
  functions: { name: string; ms: number }[];
}

/** Summarises a profile as described above (exported for its unit test). */
export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const gaps = profile.timeDeltas
    .slice(1)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const periodUs = gaps[Math.floor(gaps.length / 10)] ?? SAMPLING_INTERVAL_US;
  const cap = 1.5 * periodUs;
  const self = new Map<string, number>();
  let total = 0;
  let gc = 0;
  let program = 0;
  let samples = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const ms = Math.min(profile.timeDeltas[i] ?? 0, cap) / 1000;
    samples++;
    total += ms;
    if (frame.functionName === '(garbage collector)') gc += ms;
    if (frame.functionName === '(program)') program += ms;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + ms);
  });
  return {
    ms: total,
    gcMs: gc,
    programMs: program,
    samples,
    periodUs,
    functions: [...self].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
  };
}

export interface Profiler {
  /** Profiles what `run` makes the Worker do. */
  profile(run: () => Promise<void>): Promise<ProfileSummary>;
  close(): void;
}

/**
 * Connects to the Worker's isolate through wrangler dev's inspector on `port`. The inspector
 * proxy accepts local origins only, so the request names one.
 */
export async function connectProfiler(port: number): Promise<Profiler> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no Worker on the inspector at port ${port}`);
  // Undici's WebSocket takes headers in its options (not in the DOM type).
  const ws = new WebSocket(url, { headers: { origin: 'http://127.0.0.1' } } as never);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`could not connect to the inspector at ${url}`));
  });
  let next = 0;
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    const done = message.id === undefined ? undefined : pending.get(message.id);
    if (message.id !== undefined && done) {
      pending.delete(message.id);
      done(message);
    }
  };
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      pending.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${JSON.stringify(message.error)}`))
          : resolve(message.result),
      );
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  return {
    async profile(run) {
      await send('Profiler.start');
      // Stopped even when the run failed, so the next route starts clean.
      const ran = await run().then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      const stopped = (await send('Profiler.stop')) as { profile: CpuProfile };
      if (ran) throw ran.error;
      return summariseProfile(stopped.profile);
    },
    close: () => ws.close(),
  };
}
