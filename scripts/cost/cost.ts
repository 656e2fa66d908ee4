// `npm run cost`: what a request of each operation costs on each stage, and a month of a traffic mix.
// Measured on the real code path (measureOperations.ts), priced with prices.ts, idle cost (idleCost.ts) included.
//   --mix=getUser=5000000,listUsers=2500000   requests per month per operation (default: DEFAULT_MIX)
//   --rounds=N                                measured requests per operation (default 30)
//   --docs                                    write the tables into docs/operations.md between the request-cost markers
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildDocs } from '../docs.js';
import { withSection } from './docSection.js';
import { DOC_PATH, idleCost } from './idleCost.js';
import { measureOperations } from './measureOperations.js';
import { parseMix, renderRequestCost, stageFacts } from './requestCost.js';
import { stageTemplate } from './stageTemplates.js';

/** Ten million requests a month, mostly reads, as docs/operations.md prices it unless told otherwise. */
export const DEFAULT_MIX =
  'getUser=5000000,listUsers=2500000,createUser=1000000,updateUser=800000,deleteUser=200000,getHello=500000';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<void> {
  const mix = parseMix(arg('mix') ?? DEFAULT_MIX);
  const rounds = Number(arg('rounds') ?? 30);
  const load = loadavg()[0]?.toFixed(1);
  const measures = await measureOperations({ rounds, warmUp: 20 });
  const docsDir = mkdtempSync(join(tmpdir(), 'users-api-cost-'));
  buildDocs(join(docsDir, 'index.html'));
  const stages = (['dev', 'prod'] as const).map((stage) => {
    const template = stageTemplate(stage, docsDir);
    return stageFacts(stage, template, idleCost(template));
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
  const measuredOn = `with \`npm run cost\` on ${new Date().toISOString().slice(0, 10)} (${rounds} requests per operation, ${machine}, load average ${load} as it started; DynamoDB Local stands in for DynamoDB's latency)`;
  const text = renderRequestCost(measures, stages, mix, measuredOn);
  console.log(text);
  const out = resolve(import.meta.dirname, '../../reports/cost.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredOn, mix, measures, stages }, null, 2)}\n`);
  console.log(`JSON: ${out}`);
  if (process.argv.includes('--docs')) {
    writeFileSync(DOC_PATH, withSection(readFileSync(DOC_PATH, 'utf8'), 'request-cost', text));
    console.log('docs/operations.md updated');
  }
}

await main();
