// The in-process bundle `npm run generate` and npm start's reload use is the CLI's `redocly bundle source`, byte for
// byte: on the real spec, on a spec that does not bundle (both refuse), and after an edit between two calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSpec, bundleSpecInProcess } from '../../scripts/bundleSpec.js';

const dir = mkdtempSync(join(tmpdir(), 'bundle-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (responseRef: string) =>
  `openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        "200":\n          $ref: ${responseRef}\n`;

describe('bundleSpecInProcess', () => {
  it("writes the same document as `redocly bundle source` for this repository's spec", async () => {
    const cli = JSON.stringify(bundleSpec(), null, 2);
    expect(JSON.stringify(await bundleSpecInProcess(), null, 2)).toBe(cli);
  });

  it('refuses a spec the CLI refuses, naming the $ref that does not resolve', async () => {
    writeFileSync(join(dir, 'redocly.yaml'), 'apis:\n  source:\n    root: openapi.yaml\n');
    writeFileSync(join(dir, 'openapi.yaml'), spec('./missing.yaml'));
    expect(() => bundleSpec(dir)).toThrow(/missing\.yaml/);
    await expect(bundleSpecInProcess(dir)).rejects.toThrow(/Can't resolve \$ref: .*missing\.yaml/);
  });

  it('reads the files again on each call (a reload sees the edit), as the CLI does', async () => {
    writeFileSync(join(dir, 'openapi.yaml'), spec('./ok.yaml'));
    writeFileSync(join(dir, 'ok.yaml'), 'description: first\n');
    expect(JSON.stringify(await bundleSpecInProcess(dir))).toContain('"first"');
    writeFileSync(join(dir, 'ok.yaml'), 'description: second\n');
    const edited = await bundleSpecInProcess(dir);
    expect(JSON.stringify(edited)).toContain('"second"');
    expect(JSON.stringify(edited)).toBe(JSON.stringify(bundleSpec(dir)));
  });
});
