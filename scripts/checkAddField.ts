// `npm run check:add-field`: adds `nickname` in a scratch copy (openapi/ only), regenerates, and runs both test tiers.
// The whole suite (npm test, then npm run test:e2e), not a subset: the proof that adding an optional user field is
// a spec change and nothing else.
// `npm run spec:release` runs after `npm run generate` as for any contract change (docs/changing-the-contract.md): it
// stamps the changelog, the released snapshot and the client's version, which spec:check and the docs test expect.
// Not part of either tier (it is both again, in the copy).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { copyWithNickname } from './fieldCopy.js';

const copy = copyWithNickname();
console.log(`check:add-field: nickname added to openapi/ in ${copy}`);
for (const script of ['generate', 'spec:release', 'test', 'test:e2e']) {
  console.log(`check:add-field: npm run ${script}`);
  const { status } = spawnSync('npm', ['run', script], { cwd: copy, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`check:add-field: npm run ${script} failed (exit ${status}); the copy is kept in ${copy}`);
    process.exit(1);
  }
}
rmSync(copy, { recursive: true, force: true });
console.log('check:add-field: both test tiers passed in the copy with nickname added to openapi/ alone');
