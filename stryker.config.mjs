// StrykerJS over the unit tests (npm run test:mutation, not part of npm test): how many planted bugs they notice.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/domain/**/*.ts', 'src/http/**/*.ts', 'src/auth/**/*.ts', 'src/validation/**/*.ts', 'src/config.ts'],
  coverageAnalysis: 'perTest',
  // Module-level constants run with every test; ignoring them keeps a run within minutes on a shared machine.
  ignoreStatic: true,
  // The machine is shared: one test process unless asked otherwise (`-- --concurrency N`).
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
};
