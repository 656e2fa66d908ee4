// `npm test`'s vitest: every proof of behaviour except the slow end-to-end ones in test/e2e/ (vitest.e2e.config.ts).
import { configDefaults, defineConfig } from 'vitest/config';

/** What both tiers share: one DynamoDB Local per run (globalSetup), each test file on its own table. */
export const sharedTestOptions = {
  globalSetup: ['test/helpers/globalSetup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

/** Worker threads: the same tests as in forks with less CPU to start them (docs/architecture.md, "Tests: two tiers"). */
const pool = 'threads';
/** A worker per core: vitest's default (cores - 1) is one worker on 2 cores, and the files mostly wait on servers. */
const maxWorkers = '100%';

export default defineConfig({
  test: {
    passWithNoTests: false,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line and fail a run that executed no test.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        test: {
          ...sharedTestOptions,
          pool,
          maxWorkers,
          // After the infra group: vitest runs projects with different worker counts one group at a time.
          sequence: { groupOrder: 1 },
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/infra/**'],
        },
      },
      {
        // The template tests share one worker and its module cache, so each stack variant is synthesized once per run
        // (test/helpers/synthStack.ts keeps them) instead of once per file.
        test: {
          ...sharedTestOptions,
          pool,
          globalSetup: [],
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          isolate: false,
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
