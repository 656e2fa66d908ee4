// Compile-time tests (checked by `npm run typecheck`): the client exported as `users-api/client` is bound to the spec.
// Each @ts-expect-error fails the typecheck if the line below it ever compiles.
import { createUsersClient, type Problem, type User } from 'users-api/client';

const api = createUsersClient({ baseUrl: 'http://127.0.0.1:4010', token: () => 'jwt', apiKey: 'key' });

export async function pathsMethodsAndParams() {
  // @ts-expect-error the spec has no /accounts path
  await api.GET('/accounts');
  // @ts-expect-error /hello has no POST
  await api.POST('/hello');
  // @ts-expect-error getUser needs its userId path parameter
  await api.GET('/users/{userId}');
  // @ts-expect-error userId is a string
  await api.GET('/users/{userId}', { params: { path: { userId: 42 } } });
}

export async function requestBodies() {
  // @ts-expect-error createUser requires email
  await api.POST('/users', { body: { name: 'Ada' } });
  // @ts-expect-error phone is a string
  await api.PUT('/users/{userId}', { params: { path: { userId: 'id' } }, body: { phone: 1234 } });
}

export async function responses(): Promise<[User | undefined, Problem | undefined]> {
  const { data, error } = await api.GET('/users/{userId}', { params: { path: { userId: 'id' } } });
  // @ts-expect-error User has no password
  data?.password;
  // A problem's fields are typed, including the 400 field list.
  const pointer: string | undefined = error?.errors?.[0]?.pointer;
  void pointer;
  return [data, error];
}
