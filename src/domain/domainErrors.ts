// What can go wrong in the domain, said without HTTP.
// The operations, the repository port and the idempotency guard throw these; the error table on the HTTP side
// (src/http/errorTable.ts) alone decides how each is answered.

export abstract class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UserNotFound extends DomainError {
  constructor(readonly userId: string) {
    super(`No user with id ${userId}.`);
  }
}

/** The user changed since the caller read it: the version it expects (If-Match) is not the current one. */
export class VersionMismatch extends DomainError {
  constructor() {
    super('The user has changed since you read it (If-Match does not match its ETag).');
  }
}

/** A change to a user that does not say which version it changes. */
export class VersionRequired extends DomainError {
  constructor() {
    super('Send If-Match with the ETag of the version you are changing.');
  }
}

/** An If-Match that is neither `*` alone nor a list of entity-tags (RFC 9110 §13.1.1): `"1", *` is not a wildcard. */
export class MalformedPrecondition extends DomainError {
  constructor() {
    super('must be * alone or a list of entity-tags such as "1", "2", not both');
  }
}

export class AvatarNotFound extends DomainError {
  constructor(readonly userId: string) {
    super(`User ${userId} has no avatar.`);
  }
}

/** An avatar in a content type the stage does not take. */
export class AvatarTypeRefused extends DomainError {
  constructor(readonly allowed: readonly string[]) {
    super(`must be one of ${allowed.join(', ')}`);
  }
}

/** Ids are generated, so a stored one means a bug upstream: refused, and answered as a 500. */
export class UserIdTaken extends DomainError {
  constructor(readonly userId: string) {
    super(`A user with id ${userId} already exists.`);
  }
}

export class EmailTaken extends DomainError {
  constructor() {
    super('Another user already has this email.');
  }
}

export class InvalidCursor extends DomainError {
  constructor() {
    super('The cursor is not one this API issued. Start again without a cursor.');
  }
}

/** Other writers kept changing the item while this write retried: contention, not an outage; retrying may succeed. */
export class WriteContention extends DomainError {
  /** `subject` names what was being changed, for the client: `user`. */
  constructor(
    readonly subject: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(`Other requests are changing this ${subject} at the same moment. Retry shortly.`);
  }
}

/** Storage is overloaded or unreachable: the same request may succeed a moment later. */
export class StorageUnavailable extends DomainError {
  constructor(
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super('Storage is temporarily unavailable.', options);
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('This Idempotency-Key was already used with a different request to this operation.');
  }
}

export class IdempotentRequestInProgress extends DomainError {
  constructor(readonly retryAfterSeconds = 1) {
    super('A request with this Idempotency-Key is still being processed. Retry later.');
  }
}
