// `npm run check:add-field`: adds `nickname` in a scratch copy (openapi/ only), regenerates, and runs both test tiers.
// The whole suite (npm test, then npm run test:e2e), not a subset: the proof that adding an optional user field is
// a spec change and nothing else.
// `npm run spec:release` runs after `npm run generate` as for any contract change (docs/changing-the-contract.md): it
// stamps the changelog, the released snapshot and the client's version, which spec:check and the docs test expect.
// Not part of either tier (it is both again, in the copy).
import { copyWithNickname } from './fieldCopy.js';
import { runInCopy } from './scratchCopy.js';

const copy = copyWithNickname();
console.log(`check:add-field: nickname added to openapi/ in ${copy}`);
runInCopy('check:add-field', copy, ['generate', 'spec:release', 'test', 'test:e2e']);
console.log('check:add-field: both test tiers passed in the copy with nickname added to openapi/ alone');
