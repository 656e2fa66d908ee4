// `npm run bench`: runs every benchmark and prints one table, each figure next to its baseline from the same run.
// Writes reports/bench.json, and with --docs puts the table in docs/performance.md.
//   --smoke          tiny counts (a check that the benchmarks run, not a measurement)
//   --only=1,3       only these sections
//   --out=FILE       JSON report path (default reports/bench.json)
//   --docs           replace the table between the bench markers in docs/performance.md
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { lambdaNodeMajor } from '../config/lambdaBundling.js';
import type { Bundle } from './bundle.js';
import { benchColdStart, bundleBoth } from './coldStart.js';
import { benchDevLoop } from './devLoop.js';
import { type BenchDynamo, startBenchDynamo } from './dynamo.js';
import { benchGateway } from './gateway.js';
import { benchMemory } from './memory.js';
import { benchScale } from './scale.js';
import type { Row, Target } from './stats.js';
import { benchUploads } from './uploads.js';
import { benchWarm } from './warm.js';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const smoke = process.argv.includes('--smoke');
const only = arg('only')?.split(',') ?? ['1', '2', '3', '4', '5', '6', '7'];
const out = resolve(root, arg('out') ?? 'reports/bench.json');

const counts = smoke
  ? {
      warm: { iterations: 50, rounds: 1 },
      coldRounds: 1,
      gateway: { seconds: 1, rounds: 1 },
      scale: { large: 300, requests: 5, rounds: 1 },
      memory: { requests: 400, rounds: 1 },
      uploads: { uploads: 3, rounds: 1 },
      devLoop: { rounds: 1 },
    }
  : {
      warm: { iterations: 5000, rounds: 7 },
      coldRounds: 25,
      gateway: { seconds: 3, rounds: 5 },
      scale: { large: 10_000, requests: 100, rounds: 5 },
      memory: { requests: 10_000, rounds: 3 },
      uploads: { uploads: 30, rounds: 3 },
      devLoop: { rounds: 3 },
    };

function describeTarget(t: Target | undefined, unit: string): string {
  if (t === undefined) return '';
  const parts = [];
  if (t.maxRatio !== undefined) parts.push(`≤ ${t.maxRatio}×`);
  if (t.minRatio !== undefined) parts.push(`≥ ${t.minRatio}×`);
  if (t.maxDelta !== undefined) parts.push(`≤ +${t.maxDelta} ${unit}`);
  if (t.max !== undefined) parts.push(`≤ ${t.max} ${unit}`);
  return parts.join(' and ');
}

const fmt = (n: number) =>
  n === 0 ? '< 1' : n >= 1000 ? Math.round(n).toLocaleString('en') : n >= 100 ? n.toFixed(0) : n.toFixed(1);
const pct = (n: number) => `±${Math.round(n * 100)}%`;

function table(rows: Row[]): string {
  const lines = [
    '| Section | Measure | Ours | Baseline | Ratio | Target | Holds | Noise (ours / baseline) |',
    '|---|---|--:|--:|--:|---|:-:|---|',
  ];
  for (const r of rows) {
    const holds = r.holds === undefined ? '' : r.holds ? 'yes' : '**no**';
    lines.push(
      `| ${r.section} | ${r.metric.trim().startsWith('of which') ? `↳ ${r.metric.trim()}` : r.metric} | ${fmt(r.ours)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} (${r.baselineName}) | ${Number.isNaN(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×`} | ${describeTarget(r.target, r.unit)} | ${holds} | ${pct(r.oursSpread)} / ${pct(r.baselineSpread)} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  // Cold starts and memory are only Lambda's figures on the Node Lambda runs.
  if (Number(process.versions.node.split('.')[0]) !== lambdaNodeMajor) {
    throw new Error(
      `the bench runs on Node ${lambdaNodeMajor}, as Lambda does; this is ${process.version}: run \`scripts/with-node24.sh npm run bench\``,
    );
  }
  const startedAt = new Date();
  const rows: Row[] = [];
  let bundleParts: Bundle['parts'] = { atStart: [], onDemand: [] };
  let dynamo: BenchDynamo | undefined;
  const needsDynamo = only.some((s) => ['2', '4', '5'].includes(s));
  try {
    if (only.includes('1')) rows.push(...(await benchWarm(counts.warm)));
    if (needsDynamo) dynamo = await startBenchDynamo();
    if (only.includes('2') && dynamo) {
      const cold = await benchColdStart(dynamo, counts.coldRounds);
      rows.push(...cold.rows);
      bundleParts = cold.bundleParts;
    }
    if (only.includes('3')) rows.push(...(await benchGateway(counts.gateway)));
    if (only.includes('4') && dynamo) rows.push(...(await benchScale(dynamo, counts.scale)));
    if (only.includes('5') && dynamo) rows.push(...(await benchMemory(dynamo, bundleBoth().ours, counts.memory)));
    if (only.includes('6')) rows.push(...(await benchUploads(counts.uploads)));
    if (only.includes('7')) rows.push(...(await benchDevLoop(counts.devLoop)));
  } finally {
    await dynamo?.stop();
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const text = table(rows);
  const held = rows.filter((r) => r.holds === true).length;
  const judged = rows.filter((r) => r.holds !== undefined).length;
  const largest = (parts: [string, number][]) =>
    parts
      .slice(0, 12)
      .map(([name, kb]) => `${name} ${Math.round(kb)}`)
      .join(', ');
  const composition =
    bundleParts.atStart.length === 0
      ? ''
      : `\n\nLargest parts of the Lambda artefact (KB, minified). Loaded at cold start: ${largest(bundleParts.atStart)}. Loaded on demand: ${largest(bundleParts.onDemand)}.`;
  const summary = `${held} of ${judged} targets hold. ${startedAt.toISOString()} on ${machine}${smoke ? ' (smoke run: counts too small to mean anything)' : ''}. Medians of repeated runs; noise is ± half the min–max range of those runs.${composition}`;
  console.log(`\n${text}\n\n${summary}`);

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ startedAt, machine, smoke, counts, rows, bundleParts }, null, 2)}\n`);
  console.log(`JSON: ${out}`);

  if (process.argv.includes('--docs')) {
    const docPath = resolve(root, 'docs/performance.md');
    const doc = readFileSync(docPath, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`docs/performance.md has no ${start} … ${end} markers`);
    writeFileSync(docPath, `${doc.slice(0, from + start.length)}\n${text}\n\n${summary}\n${doc.slice(to)}`);
    console.log('docs/performance.md updated');
  }
}

await main();
