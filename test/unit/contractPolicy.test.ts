// The versioning policy on fixture specs: each class of breaking change is caught (and its reverse is not breaking
// where it should not be), safe changes pass, and `npm run spec:check` fails with a message naming the change.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSpecs, parseVersion, type Spec, versionProblems } from '../../scripts/contract/policy.js';

// The fixture base: the released contract, so every fixture is the real API with one change.
const released: Spec = JSON.parse(readFileSync('contract/released/openapi.json', 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: fixtures reach into arbitrary nodes of the spec
type SpecNode = any;
const v = parseVersion((released.info as { version: string }).version);
const current = `${v.major}.${v.minor}.${v.patch}`;
const major = `${v.major + 1}.0.0`;
const minor = `${v.major}.${v.minor + 1}.0`;
const patch = `${v.major}.${v.minor}.${v.patch + 1}`;
const literal = (text: string) => text.replaceAll('.', '\\.');
type Doc = {
  info: { version: string };
  paths: SpecNode;
  components: SpecNode;
};
const variant = (change: (spec: Doc) => void, version?: string): Spec => {
  const spec = structuredClone(released) as unknown as Doc;
  change(spec);
  if (version) spec.info.version = version;
  return spec as unknown as Spec;
};
const schemas = (s: Doc) => s.components.schemas as Record<string, SpecNode>;
const withKind = (values: string[]) => (s: Doc) => {
  schemas(s).CreateUserRequest.properties.kind = { type: 'string', maxLength: 10, enum: values };
};

/** The page size as `npm run generate` writes it: the limit's maximum and the list bounds derived from it. */
const pageSize =
  (maximum: number, fallback?: number) =>
  (s: Doc): void => {
    const limit = s.components.parameters.Limit.schema;
    limit.maximum = maximum;
    if (fallback !== undefined) limit.default = fallback;
    schemas(s).UserList.properties.users.maxItems = maximum;
    schemas(s).UserList.properties.count.maximum = maximum;
  };

/** One fixture per class the policy must catch: the change, and whether undoing it is safe. */
const breakingClasses: {
  name: string;
  where: RegExp;
  before?: (s: Doc) => void;
  after: (s: Doc) => void;
  reverseIsSafe: boolean;
}[] = [
  {
    name: 'request: a new required field',
    where: /POST \/users request body .*\/required/,
    after: (s) => schemas(s).CreateUserRequest.required.push('phone'),
    reverseIsSafe: true,
  },
  {
    name: 'request: a new required parameter',
    where: /GET \/users query parameter region/,
    after: (s) =>
      s.paths['/users']?.get?.parameters.push({
        name: 'region',
        in: 'query',
        required: true,
        schema: { type: 'string', maxLength: 8 },
      }),
    reverseIsSafe: false, // api-smart-diff counts any removed parameter as breaking: a client may still send it
  },
  {
    name: 'request: a removed enum value',
    where: /POST \/users request body .*\/kind\/enum/,
    before: withKind(['person', 'robot']),
    after: withKind(['person']),
    reverseIsSafe: true,
  },
  {
    name: 'request: a narrower length',
    where: /POST \/users header parameter Idempotency-Key \/maxLength/,
    after: (s) => {
      s.components.parameters.IdempotencyKey.schema.maxLength = 64;
    },
    reverseIsSafe: true,
  },
  {
    name: 'request: a lower page size (limit maximum, with the list bounds derived from it)',
    where: /GET \/users query parameter limit \/maximum/,
    after: pageSize(50),
    reverseIsSafe: true, // raising it back is the raised page size below
  },
  {
    name: 'request: a narrower pattern',
    where: /POST \/users request body .*\/phone\/pattern/,
    after: (s) => {
      schemas(s).Phone.pattern = '^\\+[1-9][0-9]{6,10}$';
    },
    reverseIsSafe: false, // a pattern change is not known to be wider: both ways are breaking
  },
  {
    name: 'request: a narrower format',
    where: /POST \/users header parameter Idempotency-Key/,
    after: (s) => {
      s.components.parameters.IdempotencyKey.schema.format = 'uuid';
    },
    reverseIsSafe: true,
  },
  {
    name: 'request: a removed operation',
    where: /DELETE \/users\/\{userId\}$/m,
    after: (s) => {
      delete s.paths['/users/{userId}']?.delete;
    },
    reverseIsSafe: true,
  },
  {
    name: 'request: a removed media type',
    where: /POST \/users request body \(application\/json\)/,
    before: (s) => {
      const content = s.paths['/users']?.post?.requestBody.content;
      content['application/merge-patch+json'] = structuredClone(content['application/json']);
    },
    after: (s) => {
      delete s.paths['/users']?.post?.requestBody.content['application/merge-patch+json'];
      delete s.paths['/users']?.post?.requestBody.content['application/json'];
      s.paths['/users'].post.requestBody.content['application/merge-patch+json'] = {
        schema: { $ref: '#/components/schemas/CreateUserRequest' },
      };
    },
    reverseIsSafe: true,
  },
  {
    name: 'response: a removed field',
    where: /GET \/users\/\{userId\} response 200 .*\/properties\/phone/,
    after: (s) => {
      delete schemas(s).User.properties.phone;
    },
    reverseIsSafe: true,
  },
  {
    name: 'response: a field no longer required',
    where: /GET \/users response 200 .*\/required/,
    after: (s) => {
      schemas(s).UserList.required = ['users'];
    },
    reverseIsSafe: true,
  },
  {
    name: 'response: a new enum value of a closed set',
    where: /response \d{3} .*\/location\/enum/,
    after: (s) => schemas(s).ProblemFieldError.properties.location.enum.push('cookie'),
    reverseIsSafe: true,
  },
  {
    name: 'response: a removed status',
    where: /GET \/users\/\{userId\} response 304/,
    after: (s) => {
      delete s.paths['/users/{userId}']?.get?.responses['304'];
    },
    reverseIsSafe: true,
  },
  {
    name: 'response: a removed header',
    where: /POST \/users response 201 header ETag/,
    after: (s) => {
      delete s.paths['/users']?.post?.responses['201'].headers.ETag;
    },
    reverseIsSafe: true,
  },
  {
    name: 'response: a changed type',
    where: /GET \/users response 200 .*\/count\/type/,
    after: (s) => {
      schemas(s).UserList.properties.count = { type: 'string', maxLength: 3 };
    },
    reverseIsSafe: false, // a type change breaks both ways
  },
];

const breakingOf = (before: Spec, after: Spec) => diffSpecs(before, after).filter((c) => c.severity === 'breaking');

describe('the versioning policy on fixture specs', () => {
  for (const c of breakingClasses) {
    it(`${c.name} is breaking, and fails without a major bump`, () => {
      const before = variant(c.before ?? (() => {}));
      const after = variant((s) => {
        c.before?.(s);
        c.after(s);
      });
      const breaking = breakingOf(before, after);
      expect(breaking.map((b) => `${b.where} ${b.pointer}`.trim())).toContainEqual(expect.stringMatching(c.where));

      const problems = versionProblems(
        before,
        variant((s) => Object.assign(s, structuredClone(after)), minor),
        breaking,
      );
      expect(problems.join('\n')).toMatch(new RegExp(`breaking change.*released contract ${literal(current)}`));
      expect(problems.join('\n')).toMatch(c.where);
      expect(problems.join('\n')).toContain(major);
      expect(
        versionProblems(before, { ...after, info: { ...(after.info as object), version: major } }, breaking),
      ).toEqual([]);
    });

    it(`${c.name}, undone, is ${c.reverseIsSafe ? 'not breaking' : 'still breaking'}`, () => {
      const before = variant((s) => {
        c.before?.(s);
        c.after(s);
      });
      const after = variant(c.before ?? (() => {}));
      expect(diffSpecs(before, after).length).toBeGreaterThan(0);
      expect(breakingOf(before, after).length > 0).toBe(!c.reverseIsSafe);
    });
  }

  const safe: { name: string; change: (s: Doc) => void }[] = [
    {
      name: 'a new optional request field',
      change: (s) => (schemas(s).CreateUserRequest.properties.nickname = { type: 'string', maxLength: 50 }),
    },
    {
      name: 'a new optional query parameter',
      change: (s) =>
        s.paths['/users']?.get?.parameters.push({ name: 'q', in: 'query', schema: { type: 'string', maxLength: 8 } }),
    },
    {
      name: 'a new operation',
      change: (s) =>
        (s.paths['/ping'] = {
          get: { operationId: 'ping', summary: 'Ping', responses: { '200': { description: 'Alive.' } } },
        }),
    },
    {
      name: 'a new response field',
      change: (s) => (schemas(s).Hello.properties.region = { type: 'string', maxLength: 20 }),
    },
    { name: 'a wider request length', change: (s) => (s.components.parameters.IdempotencyKey.schema.maxLength = 256) },
    { name: 'a description', change: (s) => (schemas(s).User.description = 'A user, as the API stores it.') },
    { name: 'a changed parameter example', change: (s) => (s.components.parameters.IfMatch.example = '"7"') },
    { name: 'a narrower response header', change: (s) => (s.components.headers.Location.schema.pattern = '^/users/') },
    { name: 'a raised page size, with the list bounds derived from it', change: pageSize(200) },
  ];
  for (const { name, change } of safe) {
    it(`${name} is not breaking: a minor or patch bump passes, no bump fails`, () => {
      const changes = diffSpecs(released, variant(change));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
      expect(versionProblems(released, variant(change, minor), changes)).toEqual([]);
      expect(versionProblems(released, variant(change, patch), changes)).toEqual([]);
      expect(versionProblems(released, variant(change), changes).join('\n')).toMatch(
        new RegExp(`not bumped.*\\n.*${literal(minor)}.*${literal(patch)}`),
      );
    });
  }

  it('a raised page size makes its larger lists safe, and only those', () => {
    /** The breaking changes to the list's bounds (a changed default is breaking on its own). */
    const bounds = (after: Spec) =>
      breakingOf(released, after)
        .filter((c) => c.where.includes(' response '))
        .map((c) => c.pointer.replace('/properties/', '').replace('/', ' '));
    // The lists grow with the page size, so a client that asks for no more than before gets no more.
    expect(bounds(variant(pageSize(200)))).toEqual([]);
    expect(diffSpecs(released, variant(pageSize(200))).map((c) => c.reason)).toContainEqual(
      expect.stringMatching(/^maxItems of `users` changed from `100` to `200` \(with the raised page size/),
    );
    // A list bound raised on its own: a client may get more than it could ask for.
    expect(bounds(variant((s) => (schemas(s).UserList.properties.users.maxItems = 200)))).toEqual(['users maxItems']);
    // A default above the old maximum: a client that asks for nothing gets more than before.
    expect(bounds(variant(pageSize(200, 150)))).toEqual(['users maxItems', 'count maximum']);
    // Raised further than the page size: the extra room is not explained by it.
    expect(
      bounds(
        variant((s) => {
          pageSize(200)(s);
          schemas(s).UserList.properties.count.maximum = 300;
        }),
      ),
    ).toEqual(['count maximum']);
  });

  it('an unchanged spec needs no bump, and a lower version fails', () => {
    expect(
      diffSpecs(
        released,
        variant(() => {}),
      ),
    ).toEqual([]);
    expect(
      versionProblems(
        released,
        variant(() => {}),
        [],
      ),
    ).toEqual([]);
    expect(
      versionProblems(
        released,
        variant(() => {}, '0.0.0'),
        [],
      ),
    ).toEqual([expect.stringContaining('lower than')]);
  });
});

describe('npm run spec:check', () => {
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'spec-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, spec: Spec) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(spec));
    return path;
  };

  it('fails on a breaking change without a major bump, naming it and what to do', async () => {
    const head = write(
      'breaking.json',
      variant((s) => schemas(s).CreateUserRequest.required.push('phone'), minor),
    );
    const failed = await run('npx', ['tsx', 'scripts/specDiff.ts', '--check', '--head', head]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/BREAKING +`phone` became required/);
    expect(failed.stderr).toContain('POST /users request body (application/json) /required/2');
    expect(failed.stderr).toContain(`set info.version in openapi/openapi.yaml to ${major}`);
  });

  it('passes the same change with a major bump, and takes a git ref as BASE', async () => {
    const head = write(
      'major.json',
      variant((s) => schemas(s).CreateUserRequest.required.push('phone'), major),
    );
    const { stdout } = await run('npx', ['tsx', 'scripts/specDiff.ts', '--check', '--head', head]);
    expect(stdout).toContain('follows the versioning policy');
    const fromRef = await run('npx', ['tsx', 'scripts/specDiff.ts', 'HEAD', '--head', head]);
    expect(fromRef.stdout).toMatch(/from HEAD \(\d+\.\d+\.\d+\)/);
  });
});
