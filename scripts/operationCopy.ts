// A scratch copy of the repository in which `GET /me` is added by hand: the spec, one operation file, one test file.
// Nothing else is edited by hand (docs/architecture.md, "Add an operation"); the generators do the rest.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bumpMinorVersion, changedFiles, copyRepository } from './scratchCopy.js';

/** The operation's scope: who may ask who they are is anyone who may read; documented in the operation's spec. */
export const ME_SCOPE = 'users:read';

/** What the developer writes, by path in the repository. */
export const HAND_EDITS = {
  spec: {
    'openapi/paths/me.yaml': `get:
  operationId: getMe
  tags: [Users]
  summary: Who is calling
  description: |
    The caller as the API authenticated them: the token's subject, the app client it was issued to, and its
    scopes. Any token with \`${ME_SCOPE}\` may ask; the answer is the caller's own, whoever else uses the API.
  security:
    - userPool: [${ME_SCOPE}]
      apiKey: []
  responses:
    "200":
      description: The caller.
      content:
        application/json:
          schema:
            $ref: ../components/schemas/Caller.yaml
          examples:
            reader:
              value:
                subject: 3fa85f64-5717-4562-b3fc-2c963f66afa6
                clientId: 4b7ee1c2gu1vt4ngn5ocmq2a8n
                scopes: [${ME_SCOPE}]
    "400":
      $ref: ../components/responses/BadRequest.yaml
    "401":
      $ref: ../components/responses/Unauthorized.yaml
    "403":
      $ref: ../components/responses/Forbidden.yaml
    "405":
      $ref: ../components/responses/MethodNotAllowed.yaml
    "429":
      $ref: ../components/responses/TooManyRequests.yaml
    "500":
      $ref: ../components/responses/InternalServerError.yaml
    "503":
      $ref: ../components/responses/ServiceUnavailable.yaml
`,
    'openapi/components/schemas/Caller.yaml': `type: object
description: Who is calling, as the API authenticated them.
required: [subject, scopes]
additionalProperties: false
properties:
  subject:
    type: string
    minLength: 1
    maxLength: 256
    pattern: ^\\S+$
    description: The token's subject (\`sub\`).
  clientId:
    type: string
    minLength: 1
    maxLength: 128
    pattern: ^\\S+$
    description: The app client the token was issued to.
  scopes:
    type: array
    maxItems: 50
    uniqueItems: true
    description: The scopes the token carries, sorted.
    items:
      type: string
      minLength: 1
      maxLength: 100
      pattern: ^\\S+$
`,
  },
  operation: {
    'src/operations/getMe.ts': `// GET /me: the caller as the API authenticated them (subject, app client, scopes).
import type { OperationHandler } from './types.js';

export const getMe: OperationHandler<'getMe'> = async ({ caller }) => ({
  status: 200,
  body: {
    subject: caller.subject,
    ...(caller.clientId === undefined ? {} : { clientId: caller.clientId }),
    scopes: [...caller.scopes].sort(),
  },
});
`,
  },
  test: {
    'test/integration/getMe.test.ts': `// GET /me over real HTTP (local gateway, dev tokens): who is calling, as the API authenticated them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../local/devAuth.js';
import { call } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

describe('GET /me', () => {
  it("answers the token's subject, its app client and its scopes", async () => {
    // Arrange
    const headers = await api.authWith({ subject: 'alice', scopes: ['users:write', '${ME_SCOPE}'] });

    // Act
    const res = await call(api.baseUrl, 'GET', '/me', { headers });

    // Assert
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ subject: 'alice', clientId: LOCAL_CLIENT_ID, scopes: ['${ME_SCOPE}', 'users:write'] });
  });

  it('tells two callers apart', async () => {
    // Act
    const bob = await call(api.baseUrl, 'GET', '/me', {
      headers: await api.authWith({ subject: 'bob', scopes: ['${ME_SCOPE}'] }),
    });

    // Assert
    expect(bob.json).toMatchObject({ subject: 'bob', scopes: ['${ME_SCOPE}'] });
  });

  it('needs a token with ${ME_SCOPE}', async () => {
    // Act
    const none = await call(api.baseUrl, 'GET', '/me', { headers: { 'x-api-key': api.apiKey } });
    const writer = await call(api.baseUrl, 'GET', '/me', { headers: await api.authWith({ scopes: ['users:write'] }) });

    // Assert
    expect([none.status, writer.status]).toEqual([401, 401]);
  });
});
`,
  },
} as const;

/** The hand edits, by path: the spec's files, then the one operation file and the one test file. */
export const handEditedFiles = () =>
  [
    'openapi/openapi.yaml',
    ...Object.keys(HAND_EDITS.spec),
    ...Object.keys(HAND_EDITS.operation),
    ...Object.keys(HAND_EDITS.test),
  ].sort();

/** The spec edits alone: the new path's file and schema, its entry in openapi.yaml, and the next minor version. */
export function addMeToSpec(copy: string): void {
  const specPath = join(copy, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  // A copy of a copy (the e2e tier run inside check:add-operation's copy) has it already: that is no hand edit.
  if (/^ {2}\/me:$/m.test(spec)) throw new Error(`${copy} has GET /me already: make the copy from a tree without it`);
  for (const [path, text] of Object.entries(HAND_EDITS.spec)) write(copy, path, text);
  writeFileSync(specPath, spec.replace(/^paths:\n/m, 'paths:\n  /me:\n    $ref: paths/me.yaml\n'));
  bumpMinorVersion(copy);
}

/** The operation file and its test. */
export function addMeCode(copy: string): void {
  for (const [path, text] of Object.entries({ ...HAND_EDITS.operation, ...HAND_EDITS.test })) write(copy, path, text);
}

/** A scratch copy (scripts/scratchCopy.ts) with GET /me added by hand; throws when anything else was changed. */
export function copyWithMe(): string {
  const copy = copyRepository('add-operation-');
  addMeToSpec(copy);
  addMeCode(copy);
  assertOnlyHandEdits(copy);
  return copy;
}

/** The copy differs from its HEAD in the hand-edited files exactly: the spec, one operation file, one test file. */
export function assertOnlyHandEdits(copy: string): void {
  const changed = changedFiles(copy);
  const expected = handEditedFiles();
  if (JSON.stringify(changed) !== JSON.stringify(expected)) {
    throw new Error(`the hand edits are not the spec, one operation and one test: ${changed.join(', ')}`);
  }
}

function write(copy: string, path: string, text: string): void {
  mkdirSync(dirname(join(copy, path)), { recursive: true });
  writeFileSync(join(copy, path), text);
}
