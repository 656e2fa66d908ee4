// The AWS packages the Lambda ships come in one version each: one AWS SDK core, one Powertools commons.
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import lock from '../../package-lock.json' with { type: 'json' };

/** Every version of each package the lock file installs, by package name. */
const installed = new Map<string, Set<string>>();
for (const [path, entry] of Object.entries(lock.packages as Record<string, { version?: string }>)) {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1 || entry.version === undefined) continue;
  const name = path.slice(at + 'node_modules/'.length);
  installed.set(name, (installed.get(name) ?? new Set()).add(entry.version));
}
const declared = { ...packageJson.dependencies, ...packageJson.devDependencies } as Record<string, string>;
const scope = (prefix: string) => Object.entries(declared).filter(([name]) => name.startsWith(prefix));

describe('the AWS packages in the lock file', () => {
  it('install one version of every @aws-sdk, @smithy and Powertools package', () => {
    const several = [...installed]
      .filter(([name]) => /^@(aws-sdk|smithy|aws-lambda-powertools)\//.test(name))
      .filter(([, versions]) => versions.size > 1)
      .map(([name, versions]) => `${name} ${[...versions].join(' ')}`);
    // The X-Ray SDK (loaded only when tracing is on) pins @smithy/service-error-classification 2, with its own types.
    expect(several).toEqual([
      expect.stringMatching(/^@smithy\/types 2\.\d+\.\d+ \d+\.\d+\.\d+$|^@smithy\/types \d+\.\d+\.\d+ 2\./),
    ]);
  });

  it('declare every Powertools package at one version', () => {
    expect(new Set(scope('@aws-lambda-powertools/').map(([, version]) => version)).size).toBe(1);
  });

  it('declare the AWS SDK at one version, but for a client whose newest release is older', () => {
    // These clients publish only when their service's API changes: each one's newest is older than the others'.
    const publishedLess = new Set([
      '@aws-sdk/client-api-gateway',
      '@aws-sdk/client-budgets',
      '@aws-sdk/client-codedeploy',
      '@aws-sdk/client-cost-explorer',
    ]);
    const versions = scope('@aws-sdk/').filter(([name]) => !publishedLess.has(name));
    expect(new Set(versions.map(([, version]) => version)).size).toBe(1);
  });
});
