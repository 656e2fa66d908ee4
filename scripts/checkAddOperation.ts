// `npm run check:add-operation`: GET /me added in a scratch copy as the spec, one operation and one test, then npm test.
// The hand edits are asserted from git status; generate and spec:release run as for any contract change. The whole
// suite, not a subset: the proof that an operation is the spec plus one file. Not part of `npm test`.
import { copyWithMe, handEditedFiles } from './operationCopy.js';
import { runInCopy } from './scratchCopy.js';

const copy = copyWithMe();
console.log(`check:add-operation: GET /me added in ${copy}, by hand: ${handEditedFiles().join(', ')}`);
runInCopy('check:add-operation', copy, ['generate', 'spec:release', 'test']);
console.log('check:add-operation: npm test passed in the copy with GET /me added as the spec, one operation, one test');
