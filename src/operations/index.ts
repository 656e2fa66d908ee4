// The handler map, keyed by operationId; its type makes it match the spec's operations exactly.
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
  getUser,
  createUser,
  updateUser,
  deleteUser,
  requestAvatarUpload,
  getAvatar,
};
