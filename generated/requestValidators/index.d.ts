// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
import type { ValidateFunction } from 'ajv';

export declare const requestValidators: {
  readonly getHello: ValidateFunction[];
  readonly listUsers: ValidateFunction[];
  readonly createUser: ValidateFunction[];
  readonly getUser: ValidateFunction[];
  readonly updateUser: ValidateFunction[];
  readonly deleteUser: ValidateFunction[];
  readonly getAvatar: ValidateFunction[];
  readonly requestAvatarUpload: ValidateFunction[];
};
