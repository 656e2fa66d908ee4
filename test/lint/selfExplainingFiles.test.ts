// Every source file says its job on its first line, and no comment in src/ narrates benchmark runs or figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The .ts files below these folders of the repository, as paths relative to it. */
function sourceFiles(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(folder, name)),
  );
}

/** Why the first line does not say the file's job in one `//` sentence, or undefined when it does. */
function headerProblem(source: string): string | undefined {
  const first = source.split('\n', 1)[0] ?? '';
  if (!first.startsWith('// ')) return 'the first line is not a line comment';
  if (/^\/\/ (biome-ignore|@ts-|eslint-)/.test(first)) return 'the first line is a directive, not the job';
  if (first.split(/\s+/).length < 5) return 'the first line is too short to say a job';
  if (!first.endsWith('.')) return 'the job does not fit on the first line (it does not end with a full stop)';
  return undefined;
}

/** Every comment in a TypeScript source, line and block comments alike, as the compiler finds them. */
function commentsOf(source: string): string[] {
  const file = ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, true);
  const seen = new Map<number, string>();
  const collect = (position: number) => {
    const ranges = [
      ...(ts.getLeadingCommentRanges(source, position) ?? []),
      ...(ts.getTrailingCommentRanges(source, position) ?? []),
    ];
    for (const range of ranges) seen.set(range.pos, source.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node) => {
    collect(node.getFullStart());
    collect(node.getEnd());
    node.forEachChild(visit);
  };
  visit(file);
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
}

const MICROSECONDS = /\d\s?(µs|us)\b/;
const SPEED_UP = /\d(\.\d+)?\s?×/;
const SECTION = /\bsection \d/i;
const FIGURE = /\d(\.\d+)?\s?(ms|s|%|MB|KB)\b/;

/** The comments that cite a benchmark: a µs figure, a speed-up, a bench section, or a figure next to "bench". */
function benchmarkComments(source: string): string[] {
  return commentsOf(source).filter(
    (comment) =>
      MICROSECONDS.test(comment) ||
      SPEED_UP.test(comment) ||
      SECTION.test(comment) ||
      (/bench/i.test(comment) && FIGURE.test(comment)),
  );
}

describe('the checks themselves', () => {
  it('take a one-sentence job and refuse a missing, short, directive or wrapped first line', () => {
    expect(headerProblem('// Verifies a bearer JWT with jose.\nimport x;\n')).toBeUndefined();
    expect(headerProblem('// The job, in one line.\n// Why it is done this way.\n')).toBeUndefined();
    expect(headerProblem("import x from 'x';\n")).toMatch(/not a line comment/);
    expect(headerProblem('// Router.\n')).toMatch(/too short/);
    expect(headerProblem('// biome-ignore lint/x: because this is long enough.\n')).toMatch(/directive/);
    expect(headerProblem('// The local stand-in for API Gateway: it interprets the\n// document.\n')).toMatch(
      /full stop/,
    );
  });

  it('find benchmark narration in line and block comments, and not in code or in timeouts', () => {
    const source = [
      '// Cached: 41 µs per request before, 3 µs after.',
      'const a = 1; // bench section 2 showed this',
      '/** 2.5× faster than the peer. */',
      '/* the bench measured 12 ms here */',
      "const url = 'http://x/section 3 // 4 µs';",
      '// A call that has not answered within 100 ms is retried once.',
    ].join('\n');
    expect(benchmarkComments(source)).toEqual([
      '// Cached: 41 µs per request before, 3 µs after.',
      '// bench section 2 showed this',
      '/** 2.5× faster than the peer. */',
      '/* the bench measured 12 ms here */',
    ]);
  });
});

describe('self-explaining files', () => {
  it('every .ts file in src/, local/, apiGateway/, config/, infra/, scripts/ and bench/ says its job on its first line', () => {
    const files = sourceFiles('src', 'local', 'apiGateway', 'config', 'infra', 'scripts', 'bench');
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((path) => {
      const problem = headerProblem(readFileSync(join(root, path), 'utf8'));
      return problem === undefined ? [] : [`${path}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('src/ carries no benchmark figures or runs in its comments (they belong in bench/ and docs/performance.md)', () => {
    const found = sourceFiles('src').flatMap((path) =>
      benchmarkComments(readFileSync(join(root, path), 'utf8')).map((comment) => `${path}: ${comment}`),
    );
    expect(found).toEqual([]);
  });
});
