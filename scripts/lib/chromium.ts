import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests and benchmarks drive: Debian's package, or
 * CHROMIUM_PATH when set. playwright-core never downloads a browser (this machine
 * reaches only the npm registry and Debian's packages).
 */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumInstalled = (): boolean => existsSync(chromiumPath());
