// `npm run test:e2e`: the slow end-to-end proofs in test/e2e/, with their own JSON report.
// Whole processes (`npm start`, `npm run synth`, the bench smoke), scratch copies and fresh clones of the repository,
// the packed client and Chromium; `npm test` (vitest.config.ts) runs every other proof.
import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.js';

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['test/e2e/**/*.test.ts'],
    passWithNoTests: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-e2e.json' },
  },
});
