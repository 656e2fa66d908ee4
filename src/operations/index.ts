// The operation registry: each operationId's handler, from src/operations/<operationId>.ts, and which have a caller.
// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
import { createUser } from './createUser.js';
import { deleteUser } from './deleteUser.js';
import { getAvatar } from './getAvatar.js';
import { getHello } from './getHello.js';
import { getUser } from './getUser.js';
import { listUsers } from './listUsers.js';
import { requestAvatarUpload } from './requestAvatarUpload.js';
import type { OperationHandlers } from './types.js';
import { updateUser } from './updateUser.js';

export const operationHandlers: OperationHandlers = {
  getHello,
  listUsers,
  createUser,
  getUser,
  updateUser,
  deleteUser,
  getAvatar,
  requestAvatarUpload,
};

/** The operations each of whose security requirements names a bearer scheme: their handlers always get a caller. */
export type AuthenticatedOperation =
  | 'listUsers'
  | 'createUser'
  | 'getUser'
  | 'updateUser'
  | 'deleteUser'
  | 'getAvatar'
  | 'requestAvatarUpload';
