/**
 * `npm test` (after scripts/ensure-chromium.ts): every test of the three vitest projects,
 * in two vitest processes that run side by side.
 *
 * - unit, worker and tools: need no build of the site (the Worker tests read content/
 *   through the Vite plugin; the tools tests build their own copies); they start at once,
 *   two files at a time (vitest.config.ts), and their output is held back and printed after
 *   the browser tests' so the two logs do not interleave;
 * - build, then e2e: `npm run build`, then the browser tests one file after another.
 *
 * One vitest process cannot do this: it runs a project whose files go one at a time
 * (e2e: one server, one browser) after every other project, never beside them. Run side
 * by side, the browser tests' waits (Chromium, wrangler dev) are filled by the Worker
 * tests; docs/adr/0023-test-budget.md has the numbers. The last line is the sum of both
 * runs, `N passed, N failed, N skipped`, as CI reads it; the exit code is non-zero when
 * either run fails. Arguments (`npm test -- tests/unit/x.test.ts`) are passed to one
 * ordinary `vitest run` after the build instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/wrangler-d1.ts';

const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const SUMMARY = /(\d+) passed, (\d+) failed, (\d+) skipped\s*$/;

interface Finished {
  code: number;
  output: string;
}

function run(command: string, args: string[], hold: boolean): Promise<Finished> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: ROOT,
      stdio: hold ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d;
      if (!hold) process.stdout.write(d);
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const build = () => run('npm', ['run', 'build'], false);
const vitest = (args: string[], hold: boolean) =>
  run(process.execPath, [VITEST, 'run', ...args], hold);

const extra = process.argv.slice(2);
if (extra.length > 0) {
  const built = await build();
  process.exit(built.code === 0 ? (await vitest(extra, false)).code : built.code);
}

const started = performance.now();
const [withoutBuild, browser] = await Promise.all([
  vitest(['--project', 'unit', '--project', 'worker', '--project', 'tools'], true),
  build().then(async (built) => (built.code === 0 ? vitest(['--project', 'e2e'], false) : built)),
]);
process.stdout.write(`\n── unit, worker, tools ──\n${withoutBuild.output}`);

const totals = [0, 0, 0];
for (const { code, output } of [withoutBuild, browser]) {
  const numbers = SUMMARY.exec(output)?.slice(1).map(Number) ?? [0, code === 0 ? 0 : 1, 0];
  for (const i of [0, 1, 2]) totals[i] = (totals[i] ?? 0) + (numbers[i] ?? 0);
}
if (withoutBuild.code !== 0 && totals[1] === 0) totals[1] = 1;
if (browser.code !== 0 && totals[1] === 0) totals[1] = 1;
const seconds = Math.round((performance.now() - started) / 1000);
process.stdout.write(`\nbuild + tests: ${seconds} s\n`);
process.stdout.write(`\n${totals[0]} passed, ${totals[1]} failed, ${totals[2]} skipped\n`);
process.exit(withoutBuild.code !== 0 ? withoutBuild.code : browser.code);
