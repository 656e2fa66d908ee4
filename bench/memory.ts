// Section 5 of the bench: resident memory and live heap of the warm Lambda process, after N requests and fewer.
// The deployed bundle on DynamoDB Local, after N requests vs after N/2 (growth once warm would be a leak) and vs after
// 100 (warm-up, reported with the young generation that explains it). The mix is GET user, POST user, GET /hello and
// an invalid POST.

import { lambdaNodeFlags } from '../config/lambdaBundling.js';
import type { Bundle } from './bundle.js';
import { type ChildResult, runBundle } from './coldStart.js';
import type { BenchDynamo } from './dynamo.js';
import { type Row, row } from './stats.js';

export type Reading = NonNullable<ChildResult['memory']>[string];

/**
 * The leak measure: RSS less V8's young generation, whose size V8 sets from the allocation rate (it doubled between
 * 5,000 and 10,000 requests, empty after the GC): what a leak keeps, in the JS heap or outside it, stays in the rest.
 */
export const retainedMb = (reading: Reading) => reading.rssMb - reading.newSpaceMb;

/** The leak check: once warm, resident memory less the young generation may not keep growing. */
export const leakRow = (requests: number, half: Reading[], last: Reading[]): Row =>
  row(
    '5 memory',
    `RSS less young generation after ${requests.toLocaleString('en')} requests`,
    'MB',
    `after ${(requests / 2).toLocaleString('en')}`,
    last.map(retainedMb),
    half.map(retainedMb),
    { maxRatio: 1.1 },
  );

export async function benchMemory(
  dynamo: BenchDynamo,
  bundle: Bundle,
  { requests, rounds }: { requests: number; rounds: number },
): Promise<Row[]> {
  const table = await dynamo.table(100);
  const at = { first: [] as Reading[], half: [] as Reading[], last: [] as Reading[] };
  for (let i = 0; i < rounds; i++) {
    const { memory } = await runBundle(
      bundle.file,
      { ...table, endpoint: dynamo.endpoint },
      {
        requests,
        nodeFlags: [...lambdaNodeFlags, '--expose-gc'],
      },
    );
    const first = memory?.['100'];
    const half = memory?.[String(requests / 2)];
    const last = memory?.[String(requests)];
    if (first === undefined || half === undefined || last === undefined)
      throw new Error('the memory run reported nothing');
    at.first.push(first);
    at.half.push(half);
    at.last.push(last);
  }
  const n = requests.toLocaleString('en');
  const half = `after ${(requests / 2).toLocaleString('en')}`;
  const of = (readings: Reading[], key: keyof Reading) => readings.map((r) => r[key]);
  const section = '5 memory';
  return [
    leakRow(requests, at.half, at.last),
    row(section, `  of which: RSS`, 'MB', half, of(at.last, 'rssMb'), of(at.half, 'rssMb')),
    row(section, `  of which: V8 young generation`, 'MB', half, of(at.last, 'newSpaceMb'), of(at.half, 'newSpaceMb')),
    row(
      section,
      `heap used (after gc) after ${n} requests`,
      'MB',
      half,
      of(at.last, 'heapUsedMb'),
      of(at.half, 'heapUsedMb'),
      {
        maxRatio: 1.1,
      },
    ),
    // After 100 requests the process is not warm yet: V8 grows its young generation with the allocation rate
    // (the next row), and compiles and caches code. Reported, not judged: growth that stops is not a leak.
    row(section, `RSS after ${n} requests`, 'MB', 'after 100', of(at.last, 'rssMb'), of(at.first, 'rssMb')),
    row(
      section,
      `  of which: V8 young generation`,
      'MB',
      'after 100',
      of(at.last, 'newSpaceMb'),
      of(at.first, 'newSpaceMb'),
    ),
    row(
      section,
      `heap used (after gc) after ${n} requests`,
      'MB',
      'after 100',
      of(at.last, 'heapUsedMb'),
      of(at.first, 'heapUsedMb'),
    ),
  ];
}
