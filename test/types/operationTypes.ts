// Compile-time tests (checked by `npm run typecheck`): the handler map and results are bound to the spec.
// Each @ts-expect-error fails the typecheck if the line below it ever compiles.
import type { OperationHandler, OperationHandlers, OperationResult } from '../../src/operations/types.js';

const headers = { ETag: '"1"', 'Cache-Control': 'private, no-cache' };
const user = {
  userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  name: 'A',
  email: 'a@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

// A status the spec does not document for the operation.
// @ts-expect-error 202 is not a documented response of getUser
export const wrongStatus: OperationHandler<'getUser'> = async () => ({ status: 202, headers, body: user });

// A body field the schema does not have. (TypeScript skips excess-property checks on the return of an
// async arrow, so this is checked on a typed result; response validation in tests catches the rest.)
export const extraField: OperationResult<'getUser'> = {
  status: 200,
  headers,
  // @ts-expect-error `extra` is not in the User schema
  body: { userId: 'x', name: 'A', email: 'a@example.com', createdAt: 'x', updatedAt: 'x', extra: 1 },
};

// A field of the wrong type.
// @ts-expect-error name must be a string
export const wrongType: OperationHandler<'getUser'> = async () => ({
  status: 200,
  headers,
  body: { ...user, name: 42 },
});

// A 304 has no body.
// @ts-expect-error the spec documents 304 without content
export const bodyOn304: OperationHandler<'getUser'> = async () => ({ status: 304, headers, body: user });

// getUser's 200 must carry its documented ETag and Cache-Control headers.
// @ts-expect-error headers are missing
export const noEtag: OperationHandler<'getUser'> = async () => ({ status: 200, body: user });

// createUser's 201 requires the documented Location and ETag headers.
// @ts-expect-error ETag is missing
export const missingHeader: OperationHandler<'createUser'> = async () => ({
  status: 201,
  headers: { Location: '/users/x' },
  body: { message: 'x', user },
});

// The request body is typed from the spec.
export const readsBody: OperationHandler<'createUser'> = async ({ body }) => {
  // @ts-expect-error CreateUserRequest has no userId
  const id: string = body.userId;
  return { status: 201, headers: { Location: `/users/${id}`, ETag: '"1"' }, body: { message: 'x', user } };
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
