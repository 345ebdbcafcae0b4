/**
 * Runs before the tests (`npm test`): makes sure Debian's Chromium is there for the
 * browser tests, so a fresh machine needs nothing installed by hand.
 *
 * - Chromium present (or CHROMIUM_PATH set to an existing file): nothing to do.
 * - Missing and running as root: `apt-get update` + `apt-get install chromium`.
 * - Missing and not root: stop at once with one line naming the command to run.
 */
import { spawnSync } from 'node:child_process';
import { chromiumInstalled, chromiumPath } from './lib/chromium.ts';

const INSTALL = 'apt-get update && apt-get install -y chromium fonts-liberation';

if (!chromiumInstalled()) {
  if (process.env.CHROMIUM_PATH) {
    console.error(
      `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist: point it at a Chromium binary or unset it.`,
    );
    process.exit(1);
  }
  if (process.getuid?.() !== 0) {
    console.error(
      `The browser tests need Debian's Chromium, which is not installed: run \`sudo sh -c '${INSTALL}'\` once, then npm test again.`,
    );
    process.exit(1);
  }
  console.log(
    `Chromium is missing: installing Debian's package for the browser tests (${INSTALL})…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'],
  ]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (run.status !== 0) {
      console.error(
        `\`apt-get ${args.join(' ')}\` failed (exit ${run.status ?? run.signal}); install Chromium with \`${INSTALL}\` and run npm test again.`,
      );
      process.exit(1);
    }
  }
  if (!chromiumInstalled()) {
    console.error(
      `apt-get installed chromium but ${chromiumPath()} is still missing; set CHROMIUM_PATH to its binary.`,
    );
    process.exit(1);
  }
  console.log(`Chromium installed at ${chromiumPath()}.`);
}
