// `npm run preflight -- -c stage=NAME`: prints what the account lacks before the stage's deploy, with each fix.
// Exit code 1 when a deploy would fail (docs/operations.md "A first deploy in a new account").
import { type StageName, stages } from '../../config/stages.js';
import { clientsFor, type Finding, preflight } from './checks.js';

/** The value of `-c key=value` / `--context key=value` among the arguments, as the CDK CLI takes them. */
export function contextArg(args: readonly string[], key: string): string | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const [name, value] = (args[i + 1] ?? '').split(/=(.*)/s);
    if ((args[i] === '-c' || args[i] === '--context') && name === key) return value;
  }
  return undefined;
}

const MARK: Record<Finding['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function report(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${MARK[f.status]} ${f.check}: ${f.message}${f.fix === undefined ? '' : `\n     fix: ${f.fix}`}`)
    .join('\n');
}

async function main(): Promise<number> {
  const stageName = (contextArg(process.argv.slice(2), 'stage') ?? 'dev') as StageName;
  if (stageName !== 'dev' && stageName !== 'prod') {
    console.error(`-c stage must be dev or prod, got "${stageName}"`);
    return 1;
  }
  const findings = await preflight(
    clientsFor(process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION),
    stages[stageName],
  );
  console.log(report(findings));
  const failed = findings.filter((f) => f.status === 'fail').length;
  console.log(
    failed === 0 ? `\nNothing stops a deploy of ${stageName}.` : `\n${failed} item(s) would make the deploy fail.`,
  );
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
