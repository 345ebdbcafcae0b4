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

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500,5000' } } });
const sizes = (values.sizes ?? '500,5000').split(',').map(Number);

console.log(`bench:build — ${new Date().toISOString()}, Node ${process.version}`);
console.log('procedures\tHTML pages\twall s\tpages/s\tpeak MB\tverdict');
let failed = false;
for (const size of sizes) {
  const project = isolatedProject(process.cwd(), null);
  try {
    writeSyntheticCatalogue(project.contentDir, size);
    const result = await project.build();
    if (result.code !== 0) {
      console.error(result.output.slice(-3000));
      throw new Error(`build of ${size} procedures failed`);
    }
    const pages = readdirSync(join(project.root, 'dist', 'client'), { recursive: true }).filter(
      (f) => String(f).endsWith('.html'),
    ).length;
    const seconds = result.ms / 1000;
    const peakMb = result.peakRss / 1024 / 1024;
    const verdict =
      size >= 5000
        ? seconds <= 40 && peakMb <= 2560
          ? 'PASS (≤40 s, ≤2.5 GB)'
          : 'FAIL (target ≤40 s, ≤2.5 GB)'
        : '';
    if (verdict.startsWith('FAIL')) failed = true;
    console.log(
      [
        size,
        pages,
        seconds.toFixed(1),
        (pages / seconds).toFixed(0),
        peakMb.toFixed(0),
        verdict,
      ].join('\t'),
    );
  } finally {
    project.dispose();
  }
}
process.exitCode = failed ? 1 : 0;
