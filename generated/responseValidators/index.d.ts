// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
import type { ValidateFunction } from 'ajv';

export declare const responseValidators: Readonly<Record<string, ValidateFunction>>;
