// Type-checks the handler's sources in a worker thread, incrementally.
// A builder program over the previous one, the parsed files kept while unchanged, so a reload checks in a fraction of
// `tsc`'s time and the gateway keeps serving meanwhile.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import ts from 'typescript';

const port = parentPort;
if (port === null) throw new Error('typecheckWorker.ts runs in a worker thread (local/reload/typecheck.ts)');

const root = resolve(import.meta.dirname, '../..');
const configPath = resolve(root, 'tsconfig.json');
const parsed = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
const options = { ...parsed.options, noEmit: true };

const host = ts.createCompilerHost(options);
const parsedFiles = new Map<string, { mtimeMs: number; file: ts.SourceFile }>();
const readSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  const mtimeMs = statSync(fileName, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const known = parsedFiles.get(fileName);
  if (known !== undefined && known.mtimeMs === mtimeMs && !shouldCreate) return known.file;
  const file = readSourceFile(fileName, languageVersion, onError, shouldCreate);
  if (file === undefined) return undefined;
  // A builder program tells changed files by their version.
  (file as ts.SourceFile & { version: string }).version = String(mtimeMs);
  parsedFiles.set(fileName, { mtimeMs, file });
  return file;
};

let previous: ts.SemanticDiagnosticsBuilderProgram | undefined;

const format: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

function check(roots: readonly string[]): string[] {
  const program = ts.createSemanticDiagnosticsBuilderProgram([...roots], options, host, previous);
  previous = program;
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  return diagnostics.map((diagnostic) => ts.formatDiagnostic(diagnostic, format).trim());
}

port.on('message', ({ id, roots }: { id: number; roots: string[] }) => {
  try {
    port.postMessage({ id, result: check(roots) });
  } catch (error) {
    port.postMessage({ id, result: [String(error)] });
  }
});
