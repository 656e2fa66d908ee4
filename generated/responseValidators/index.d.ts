// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
import type { CompiledValidator } from '../requestValidators/index.js';

export declare const responseValidators: Readonly<Record<string, CompiledValidator>>;
