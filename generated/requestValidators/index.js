// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
// openapi-backend's request validators per operationId, in its order, compiled by `npm run generate`.
import paramsValidator from './paramsValidator.cjs';
import requestBodyValidator from './requestBodyValidator.cjs';

export const requestValidators = {
  getHello: [paramsValidator.getHello],
  listUsers: [paramsValidator.listUsers],
  createUser: [requestBodyValidator.createUser, paramsValidator.createUser],
  getUser: [paramsValidator.getUser],
  updateUser: [requestBodyValidator.updateUser, paramsValidator.updateUser],
  deleteUser: [paramsValidator.deleteUser],
  getAvatar: [paramsValidator.getAvatar],
  requestAvatarUpload: [requestBodyValidator.requestAvatarUpload, paramsValidator.requestAvatarUpload],
};
