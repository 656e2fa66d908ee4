// `npm run spec:diff -- [BASE] [--head FILE] [--check]`: the contract's changes since BASE, each classified.
// BASE defaults to the released contract and the head to openapi/; each change is breaking or not, with where it is
// and why; `--check` also fails when info.version breaks the policy.
import { consequence, diffSpecs, groupChanges, versionProblems } from './contract/policy.js';
import { clientPackagePath, loadBase, loadHead, readJson } from './contract/sources.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
};
const check = args.includes('--check');
const headFile = flag('--head');
const baseArg = args.filter((a) => !a.startsWith('--'))[0];

const { spec: base, label } = loadBase(baseArg);
const head = loadHead(headFile);
const changes = diffSpecs(base, head);
const version = (spec: Record<string, unknown>) => (spec.info as { version?: string }).version;

console.log(
  `${changes.length} change(s) from ${label} (${version(base)}) to ${headFile ?? 'openapi/'} (${version(head)}).`,
);
for (const group of groupChanges(changes)) {
  const mark = group.severity === 'breaking' ? 'BREAKING' : 'ok';
  const why = group.severity === 'breaking' ? ` — ${consequence(group.places[0] as { where: string })}` : '';
  console.log(`${mark.padEnd(8)} ${group.reason}${why}`);
  for (const place of group.places)
    console.log(`           at ${place.where}${place.pointer ? ` ${place.pointer}` : ''}`);
}

if (check) {
  const problems = versionProblems(base, head, changes);
  const client = readJson(clientPackagePath).version;
  if (!headFile && client !== version(head)) {
    problems.push(
      `clients/typescript/package.json is ${client} but info.version is ${version(head)}: run \`npm run spec:release\`.`,
    );
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`info.version ${version(head)} follows the versioning policy against ${label} (${version(base)}).`);
}
