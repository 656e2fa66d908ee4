// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
import type { ErrorObject } from 'ajv';

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface OperationValidators {
  /** Validates `{ requestBody }` (filling defaults in place); absent when the operation takes no body. */
  body?: CompiledValidator;
  /** Validates `{ path, query, header }`, coercing strings to their schema types and filling defaults in place. */
  params: CompiledValidator;
  arrayQuery: readonly string[];
}

export declare const requestValidators: {
  readonly getHello: OperationValidators;
  readonly listUsers: OperationValidators;
  readonly createUser: OperationValidators;
  readonly getUser: OperationValidators;
  readonly updateUser: OperationValidators;
  readonly deleteUser: OperationValidators;
  readonly getAvatar: OperationValidators;
  readonly requestAvatarUpload: OperationValidators;
};
