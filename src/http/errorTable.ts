// The error table: how each error of the domain is answered, with the problem types of config/problemTypes.ts.
// Nowhere else says which status an error gets.

import { type ProblemTypeEntry, problemTypes } from '../../config/problemTypes.js';
import type { DomainError } from '../domain/domainErrors.js';
import * as domain from '../domain/domainErrors.js';
import type { FieldError } from './httpErrors.js';

export { problemTypes };
export type ProblemType = keyof typeof problemTypes;

/** The type's status, title and fixed detail, if it has one. */
export const problemType = (type: ProblemType): ProblemTypeEntry => problemTypes[type];
/** The problem types whose detail is fixed by the table. */
export type FixedDetailType = {
  [K in ProblemType]: (typeof problemTypes)[K] extends { detail: string } ? K : never;
}[ProblemType];

/** `Retry-After` in whole seconds (RFC 9110 §10.2.3). */
export const retryAfter = ({ retryAfterSeconds }: { readonly retryAfterSeconds: number }) => ({
  'Retry-After': String(retryAfterSeconds),
});

/** How one error of the domain is answered. The detail is the type's fixed one, else the error's own message. */
export interface DomainErrorAnswer<E extends DomainError> {
  readonly type: ProblemType;
  readonly headers?: (error: E) => Record<string, string>;
  /** For a 400: the inputs the error is about. */
  readonly errors?: (error: E) => FieldError[];
}

/** The names of a module's exports that are concrete DomainError classes (not the abstract base, not other values). */
export type DomainErrorClassNames<Module> = {
  [K in keyof Module]: Module[K] extends new (...args: never[]) => DomainError ? K : never;
}[keyof Module];

type Domain = typeof domain;
export type DomainErrorName = DomainErrorClassNames<Domain>;

/** Each domain error's answer, keyed by its class: a class without an entry here does not compile. */
export const domainErrorAnswers: {
  readonly [K in DomainErrorName]: DomainErrorAnswer<InstanceType<Domain[K]>>;
} = {
  UserNotFound: { type: 'not-found' },
  AvatarNotFound: { type: 'not-found' },
  AvatarTypeRefused: {
    type: 'validation',
    errors: (error) => [{ location: 'body', pointer: '/contentType', message: error.message }],
  },
  VersionMismatch: { type: 'precondition-failed' },
  VersionRequired: { type: 'precondition-required' },
  MalformedPrecondition: {
    type: 'validation',
    errors: (error) => [{ location: 'header', pointer: 'if-match', message: error.message }],
  },
  // Ids are generated, so a stored one is a bug upstream: a 500, logged.
  UserIdTaken: { type: 'internal' },
  EmailTaken: { type: 'conflict' },
  InvalidCursor: { type: 'invalid-cursor' },
  WriteContention: { type: 'conflict', headers: retryAfter },
  StorageUnavailable: { type: 'service-unavailable', headers: retryAfter },
  IdempotencyKeyReused: { type: 'idempotency-key-reused' },
  IdempotentRequestInProgress: { type: 'conflict', headers: retryAfter },
};

// By constructor, not by name: a bundler may rename classes.
const byClass = new Map<unknown, DomainErrorAnswer<DomainError>>(
  Object.entries(domain).flatMap(([name, value]) =>
    Object.hasOwn(domainErrorAnswers, name)
      ? [[value, domainErrorAnswers[name as DomainErrorName] as DomainErrorAnswer<DomainError>]]
      : [],
  ),
);

/** The answer for a domain error's class (or the nearest ancestor class that has one); undefined for none. */
export function domainErrorAnswer(error: DomainError): DomainErrorAnswer<DomainError> | undefined {
  for (let at: object | null = Object.getPrototypeOf(error); at !== null; at = Object.getPrototypeOf(at)) {
    const answer = byClass.get(at.constructor);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
