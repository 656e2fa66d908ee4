// Compile-time tests (checked by `npm run typecheck`): the handler map and results are bound to the spec.
// Each @ts-expect-error fails the typecheck if the line below it ever compiles.
import type { OperationHandler, OperationHandlers } from '../../src/operations/types.js';

const user = {
  userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  name: 'A',
  email: 'a@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

// A status the spec does not document for the operation.
// @ts-expect-error 202 is not a documented response of getUser
export const wrongStatus: OperationHandler<'getUser'> = async () => ({ status: 202, body: user });

// A body field the schema does not have.
export const extraField: OperationHandler<'getUser'> = async () => ({ status: 200, body: { ...user, extra: 1 } });

// 201 requires the documented Location header.
// @ts-expect-error createUser's 201 must carry Location
export const missingHeader: OperationHandler<'createUser'> = async () => ({
  status: 201,
  body: { message: 'x', user },
});

// The request body is typed from the spec.
export const readsBody: OperationHandler<'createUser'> = async ({ body }) => {
  // @ts-expect-error CreateUserRequest has no userId
  const id: string = body.userId;
  return { status: 201, headers: { Location: `/users/${id}` }, body: { message: 'x', user } };
};

// A handler map missing an operation, or with one the spec does not have.
const noop = (async () => ({ status: 200, body: user })) as never;
// @ts-expect-error deleteUser is missing
export const incomplete: OperationHandlers = {
  getHello: noop,
  listUsers: noop,
  getUser: noop,
  createUser: noop,
  updateUser: noop,
};
export const extra: OperationHandlers = {
  getHello: noop,
  listUsers: noop,
  getUser: noop,
  createUser: noop,
  updateUser: noop,
  deleteUser: noop,
  // @ts-expect-error patchUser is not an operation of the spec
  patchUser: noop,
};
