// Test runner: one DynamoDB Local for the whole run (globalSetup); each test file gets its own table.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line and fail a run that executed no test.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
