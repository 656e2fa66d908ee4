// The repository's root, wherever the module asking runs from: its sources, or npm start's prebuilt entry (.build/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function rootFrom(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`no package.json above ${dir}`);
  }
}

export const root = rootFrom(import.meta.dirname);
