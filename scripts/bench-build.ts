/**
 * `npm run bench:build [-- --sizes 500,5000,10000] [--compare <dir>]`: builds synthetic
 * catalogues of N procedures (about 775 words each) in a throw-away copy of the project and
 * prints wall time, HTML pages, pages per second, seconds per 1,000 procedures and the peak
 * memory of the build (the whole process tree, sampled from /proc).
 *
 * Targets on a 2-core machine (issue 16, ADR 0024): 5,000 procedures in 40 s or less with a
 * peak of 2.5 GB or less; 10,000 builds without running out of memory (exit code 0, peak
 * under 4 GB, Node's default heap limit on this machine). The baseline, measured in the same
 * run, is the CPU time of each further 1,000 procedures between the first two sizes (the
 * fixed start-up of a build left out): between later sizes it may be at most 1.5 times that
 * (the build stays linear; a cost per page that grows with the catalogue, such as a list
 * rendered into every page, fails it).
 *
 * `--compare <dir>`: an A/B run. Every size is built twice back to back from the same
 * synthetic catalogue, first with the project at <dir> (say a `git worktree` of main), then
 * with this one, and the ratio is printed: on a shared machine the load changes from one
 * minute to the next, a ratio of neighbouring runs much less. The targets are checked on
 * this project's builds only.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BuildResult, isolatedProject } from './lib/isolated-project.ts';
import { writeSyntheticCatalogue } from './lib/synthetic.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const TARGET_SECONDS = 40;
const TARGET_MB = 2560;
/** Node's default old-space limit here: a build above it dies with "heap out of memory". */
const OOM_MB = 4096;
const MAX_SCALING = 1.5;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500,5000,10000' },
    compare: { type: 'string' },
  },
});
const sizes = (values.sizes ?? '500,5000,10000').split(',').map(Number);
const compare = values.compare ? resolve(values.compare) : undefined;

interface Measured {
  size: number;
  pages: number;
  seconds: number;
  /** CPU seconds of the build's process tree: what the load changes least. */
  cpuSeconds: number;
  peakMb: number;
  load: string;
}

/** Builds `size` synthetic procedures with the project at `root`; undefined when the build fails. */
async function measure(root: string, size: number, label: string): Promise<Measured | undefined> {
  const project = isolatedProject(root, null);
  try {
    // The generator and its corpus are this project's, so both sides build the same files.
    writeSyntheticCatalogue(project.contentDir, size);
    const load = loadLine();
    const result: BuildResult = await project.build();
    if (result.code !== 0) {
      console.error(result.output.slice(-3000));
      verdict.fail(`${label}: build of ${size} procedures`, `exit code ${result.code}`);
      return undefined;
    }
    const pages = readdirSync(join(project.root, 'dist', 'client'), { recursive: true }).filter(
      (f) => String(f).endsWith('.html'),
    ).length;
    const m = {
      size,
      pages,
      seconds: result.ms / 1000,
      cpuSeconds: result.cpuMs / 1000,
      peakMb: result.peakRss / 1024 / 1024,
      load,
    };
    console.log(
      [
        label,
        size,
        pages,
        m.seconds.toFixed(1),
        m.cpuSeconds.toFixed(1),
        (pages / m.seconds).toFixed(0),
        ((m.seconds / size) * 1000).toFixed(1),
        m.peakMb.toFixed(0),
        load,
      ].join('\t'),
    );
    return m;
  } finally {
    project.dispose();
  }
}

const verdict = new Verdict('bench:build');
console.log(`bench:build — ${new Date().toISOString()}, Node ${process.version}, ${loadLine()}`);
console.log(
  'build\tprocedures\tHTML pages\twall s\tCPU s\tpages/s\ts per 1,000\tpeak MB\tload at start',
);
const results: Measured[] = [];
for (const size of sizes) {
  const before = compare ? await measure(compare, size, 'compare') : undefined;
  const after = await measure(process.cwd(), size, 'this');
  if (!after) continue;
  results.push(after);
  if (before) {
    console.log(
      `\tA/B at ${size}: this build takes ${(after.seconds / before.seconds).toFixed(2)}× the time ` +
        `(${(after.cpuSeconds / before.cpuSeconds).toFixed(2)}× the CPU), ` +
        `${(after.peakMb / before.peakMb).toFixed(2)}× the memory and writes ${after.pages} pages instead of ${before.pages}`,
    );
  }
}

// The baseline: the CPU cost of each further 1,000 procedures between the first two sizes
// (CPU time, as wall time swings with the load of a shared machine). A later step may cost
// at most MAX_SCALING times as much: the build stays linear.
const steps = results.slice(1).map((r, i) => {
  const prev = results[i] as Measured;
  return {
    from: prev.size,
    to: r.size,
    perThousand: ((r.cpuSeconds - prev.cpuSeconds) / (r.size - prev.size)) * 1000,
  };
});
for (const step of steps) {
  console.log(
    `\tfrom ${step.from} to ${step.to} procedures: ${step.perThousand.toFixed(1)} CPU s per further 1,000`,
  );
}
for (const r of results) {
  if (r.size >= 5000 && r.size < 10000) {
    verdict.check(
      `${r.size} procedures: build ≤ ${TARGET_SECONDS} s`,
      r.seconds <= TARGET_SECONDS,
      `${r.seconds.toFixed(1)} s, ${(r.pages / r.seconds).toFixed(0)} pages/s (${r.load})`,
    );
    verdict.check(
      `${r.size} procedures: peak memory ≤ 2.5 GB`,
      r.peakMb <= TARGET_MB,
      `${r.peakMb.toFixed(0)} MB`,
    );
  }
  if (r.size >= 10000) {
    verdict.check(
      `${r.size} procedures: builds without running out of memory`,
      r.peakMb < OOM_MB,
      `${r.seconds.toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB (${r.load})`,
    );
  }
}
const [first, ...later] = steps;
for (const step of later) {
  if (!first) break;
  const ratio = step.perThousand / first.perThousand;
  verdict.check(
    `${step.from}→${step.to}: each further 1,000 procedures ≤ ${MAX_SCALING}× the cost of ${first.from}→${first.to}`,
    ratio <= MAX_SCALING,
    `${ratio.toFixed(2)}×`,
  );
}
if (results.length < sizes.length) verdict.fail('every size built');
verdict.finish();
