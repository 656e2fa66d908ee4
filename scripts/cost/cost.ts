// `npm run cost`: what a request of each operation costs on each stage, and a month of a traffic mix.
// Measured on the real code path (measureOperations.ts), priced with prices.ts, idle cost (idleCost.ts) included.
//   --mix=getUser=5000000,listUsers=2500000   requests per month per operation (default: DEFAULT_MIX)
//   --stored-avatars=N                        avatars kept in the bucket through the month (default: DEFAULT_STORED_AVATARS
//                                             with the default mix, none with yours)
//   --avatar-bytes=N                          the size an avatar is priced at (default: the stage's AVATAR_MAX_BYTES)
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

/**
 * Ten million API requests a month, mostly reads, as docs/operations.md prices it unless told otherwise: a tenth of
 * the new users upload an avatar (a grant each, and the upload), and each avatar request is followed by its download.
 */
export const DEFAULT_MIX = [
  'getUser=4500000,listUsers=2500000,createUser=1000000,updateUser=800000,deleteUser=200000,getHello=500000',
  'getAvatar=400000,requestAvatarUpload=100000,avatarUpload=100000,avatarDownload=400000',
].join(',');
/** Avatars in the bucket through the default month: a tenth of five million users. */
export const DEFAULT_STORED_AVATARS = 500_000;

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** A whole-number option, or `fallback` when it is not given. */
function wholeNumber(name: string, fallback: number): number {
  const n = Number(arg(name) ?? fallback);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${arg(name)}"`);
  return n;
}

async function main(): Promise<void> {
  const mix = parseMix(arg('mix') ?? DEFAULT_MIX);
  const rounds = wholeNumber('rounds', 30);
  const storedAvatars = wholeNumber('stored-avatars', arg('mix') === undefined ? DEFAULT_STORED_AVATARS : 0);
  const avatarBytes = arg('avatar-bytes') === undefined ? undefined : wholeNumber('avatar-bytes', 0);
  const load = loadavg()[0]?.toFixed(1);
  const measures = await measureOperations({ rounds, warmUp: 20 });
  const docsDir = mkdtempSync(join(tmpdir(), 'users-api-cost-'));
  buildDocs(join(docsDir, 'index.html'));
  const stages = (['dev', 'prod'] as const).map((stage) => {
    const template = stageTemplate(stage, docsDir);
    const facts = stageFacts(stage, template, idleCost(template));
    return avatarBytes === undefined ? facts : { ...facts, avatarBytes };
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
  const measuredOn = `with \`npm run cost\` on ${new Date().toISOString().slice(0, 10)} (${rounds} requests per operation, ${machine}, load average ${load} as it started; DynamoDB Local stands in for DynamoDB's latency)`;
  const text = renderRequestCost(measures, stages, mix, measuredOn, storedAvatars);
  console.log(text);
  const out = resolve(import.meta.dirname, '../../reports/cost.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredOn, mix, storedAvatars, measures, stages }, null, 2)}\n`);
  console.log(`JSON: ${out}`);
  if (process.argv.includes('--docs')) {
    writeFileSync(DOC_PATH, withSection(readFileSync(DOC_PATH, 'utf8'), 'request-cost', text));
    console.log('docs/operations.md updated');
  }
}

await main();
