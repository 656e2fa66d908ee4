// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.
// Request validators per operationId, compiled from the spec by `npm run generate` (ajv standalone code).
import bodies from './bodies.cjs';
import params from './params.cjs';

export const requestValidators = {
  getHello: { params: params.getHelloParams, arrayQuery: [] },
  listUsers: { params: params.listUsersParams, arrayQuery: [] },
  createUser: { body: bodies.createUserBody, params: params.createUserParams, arrayQuery: [] },
  getUser: { params: params.getUserParams, arrayQuery: [] },
  updateUser: { body: bodies.updateUserBody, params: params.updateUserParams, arrayQuery: [] },
  deleteUser: { params: params.deleteUserParams, arrayQuery: [] },
  getAvatar: { params: params.getAvatarParams, arrayQuery: [] },
  requestAvatarUpload: { body: bodies.requestAvatarUploadBody, params: params.requestAvatarUploadParams, arrayQuery: [] },
};
