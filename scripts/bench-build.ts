/**
 * `npm run bench:build [-- --sizes 500,5000]`: builds synthetic catalogues of
 * N procedures (about 775 words each) in a throw-away copy of the project and
 * prints wall time, pages per second and the peak memory of the build.
 * Targets on a 2-core machine: 5,000 procedures in 40 s or less, peak 2.5 GB or less.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isolatedProject } from './lib/isolated-project.ts';
import { writeSyntheticCatalogue } from './lib/synthetic.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500,5000' } } });
const sizes = (values.sizes ?? '500,5000').split(',').map(Number);

const verdict = new Verdict('bench:build');
console.log(`bench:build — ${new Date().toISOString()}, Node ${process.version}, ${loadLine()}`);
console.log('procedures\tHTML pages\twall s\tpages/s\tpeak MB');
const results: { size: number; seconds: number; peakMb: number }[] = [];
for (const size of sizes) {
  const project = isolatedProject(process.cwd(), null);
  try {
    writeSyntheticCatalogue(project.contentDir, size);
    const result = await project.build();
    if (result.code !== 0) {
      console.error(result.output.slice(-3000));
      verdict.fail(`build of ${size} procedures`, `exit code ${result.code}`);
      continue;
    }
    const pages = readdirSync(join(project.root, 'dist', 'client'), { recursive: true }).filter(
      (f) => String(f).endsWith('.html'),
    ).length;
    const seconds = result.ms / 1000;
    const peakMb = result.peakRss / 1024 / 1024;
    results.push({ size, seconds, peakMb });
    console.log(
      [size, pages, seconds.toFixed(1), (pages / seconds).toFixed(0), peakMb.toFixed(0)].join('\t'),
    );
  } finally {
    project.dispose();
  }
}
for (const r of results.filter((r) => r.size >= 5000)) {
  verdict.check(
    `${r.size} procedures: build ≤ 40 s`,
    r.seconds <= 40,
    `${r.seconds.toFixed(1)} s (${loadLine()})`,
  );
  verdict.check(
    `${r.size} procedures: peak memory ≤ 2.5 GB`,
    r.peakMb <= 2560,
    `${r.peakMb.toFixed(0)} MB`,
  );
}
verdict.finish();
