import { availableParallelism } from 'node:os';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { catalogueVitePlugin, contentDirectory } from './src/catalogue/integration.ts';
import { startDvcqgContractServer } from './tests/contract/dvcqg-server.ts';

/** Built copies of other content, backup and restore, the editor's guide followed step by step. */
const TOOLS = [
  'tests/e2e/build.test.ts',
  'tests/e2e/backup.test.ts',
  'tests/e2e/editor-guide.test.ts',
];

/**
 * Four projects (`npm test` runs e2e beside the other two, scripts/test.ts says why):
 * - unit:   pure domain and content logic in Node;
 * - worker: the Hono app inside workerd with a real local D1 and the migrations applied;
 * - tools:  the command-line tools end to end, each file with its own builds and servers;
 * - e2e:    the built site served by `wrangler dev`, driven by Debian Chromium, checked by axe.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    // Vitest's default on two cores is one file at a time; the unit and tools files wait on
    // subprocesses and I/O often enough that two at a time pay (docs/adr/0023-test-budget.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Bounds against a hang, not time limits: the suite must pass on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Pure logic with no global state: one module graph per worker instead of one per
          // file saves about a third of this project's time.
          isolate: false,
        },
      },
      {
        plugins: [
          catalogueVitePlugin(contentDirectory()),
          cloudflareTest(async () => ({
            main: './tests/worker/test-worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
                // The national portal's adapter: a local contract server (tests/contract/).
                DVCQG_BASE_URL: (await startDvcqgContractServer('contract-token')).url,
                DVCQG_TOKEN: 'contract-token',
                DVCQG_TIMEOUT_MS: '500',
                // Rate limits get their own tests; elsewhere they would only get in the way.
                RATE_LIMIT_SUBMIT: '100000/3600',
                RATE_LIMIT_INVALID: '100000/3600',
                RATE_LIMIT_PERSON: '100000/3600',
                RATE_LIMIT_PHONE: '100000/3600',
                RATE_LIMIT_LOOKUP: '100000/600',
                RATE_LIMIT_FEEDBACK: '100000/600',
                RATE_LIMIT_OPEN311: '100000/3600',
                RATE_LIMIT_KIOSK: '100000/3600',
                RATE_LIMIT_PAKN: '100000/3600',
                // Test-only keys of the payment notifications (tests/worker/payments.test.ts).
                PAYMENT_SECRET_DVCQG: 'test-only-key-dvcqg-not-a-real-secret-0001',
                PAYMENT_SECRET_CHUYEN_KHOAN: 'test-only-key-transfer-not-a-real-secret-02',
                // Hostile-input cases per endpoint (npm run bench:fuzz raises it).
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
                FUZZ_SEED: process.env.FUZZ_SEED ?? '',
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          // One file at a time, after the unit and tools files: the files share the local
          // contract servers (tests/contract/), whose state one file resets and counts.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          include: ['tests/worker/**/*.test.ts'],
          // One workerd per worker instead of one per file (about 1.5 s each); the setup
          // file gives every file an empty, freshly migrated database and bucket.
          isolate: false,
          setupFiles: ['./tests/worker/apply-migrations.ts'],
          // A real OpenID provider in Node for the citizen sign-in tests.
          // Local contract servers of the notification providers (docs/adr/0019-notifications.md).
          globalSetup: [
            './tests/worker/oidc-provider.ts',
            './tests/worker/notify-contract-setup.ts',
          ],
        },
      },
      {
        test: {
          // End-to-end tests of the command-line tools that bring their own builds, servers
          // and databases (no shared server, no browser, no dist/): they run beside the unit
          // and Worker files instead of in the browser tests' queue.
          name: 'tools',
          include: TOOLS,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: TOOLS,
          environment: 'node',
          globalSetup: ['./tests/e2e/server.ts'],
          // One browser and one server: run the files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
