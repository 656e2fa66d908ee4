// Section 5: resident memory of the warm Lambda process (the deployed bundle, on DynamoDB Local) after N requests
// vs after 100: growth would be a leak. The mix is GET user, POST user, GET /hello and an invalid POST.

import { lambdaNodeFlags } from '../config/lambdaBundling.js';
import type { Bundle } from './bundle.js';
import { runBundle } from './coldStart.js';
import type { BenchDynamo } from './dynamo.js';
import { type Row, row } from './stats.js';

export async function benchMemory(
  dynamo: BenchDynamo,
  bundle: Bundle,
  { requests, rounds }: { requests: number; rounds: number },
): Promise<Row[]> {
  const table = await dynamo.table(100);
  const after100: number[] = [];
  const afterHalf: number[] = [];
  const afterN: number[] = [];
  const heap100: number[] = [];
  const heapN: number[] = [];
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
    after100.push(first.rssMb);
    afterHalf.push(half.rssMb);
    afterN.push(last.rssMb);
    heap100.push(first.heapUsedMb);
    heapN.push(last.heapUsedMb);
  }
  const n = requests.toLocaleString('en');
  const half = (requests / 2).toLocaleString('en');
  return [
    row('5 memory', `RSS after ${n} requests`, 'MB', 'after 100', afterN, after100, { maxRatio: 1.1 }),
    // After 100 requests the process is not warm yet (JIT code, heap growth, sockets): the plateau is the leak test.
    row('5 memory', `RSS after ${n} requests`, 'MB', `after ${half}`, afterN, afterHalf, { maxRatio: 1.1 }),
    row('5 memory', `heap used (after gc) after ${n} requests`, 'MB', 'after 100', heapN, heap100),
  ];
}
