// `npm run check:add-operation`: GET /me added in a scratch copy as the spec, one operation and one test, then npm test.
// The hand edits are asserted from git status; generate and spec:release run as for any contract change. The whole
// suite, not a subset: the proof that an operation is the spec plus one file. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { copyWithMe, handEditedFiles } from './operationCopy.js';

const copy = copyWithMe();
console.log(`check:add-operation: GET /me added in ${copy}, by hand: ${handEditedFiles().join(', ')}`);
for (const script of ['generate', 'spec:release', 'test']) {
  console.log(`check:add-operation: npm run ${script}`);
  const { status } = spawnSync('npm', ['run', script], { cwd: copy, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`check:add-operation: npm run ${script} failed (exit ${status}); the copy is kept in ${copy}`);
    process.exit(1);
  }
}
rmSync(copy, { recursive: true, force: true });
console.log('check:add-operation: npm test passed in the copy with GET /me added as the spec, one operation, one test');
