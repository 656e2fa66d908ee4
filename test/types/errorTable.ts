// Compile-time tests (checked by `npm run typecheck`): every error class of the domain has an answer in the table.
// Each @ts-expect-error fails the typecheck if the line below it ever compiles.
import { DomainError } from '../../src/domain/errors.js';
import { type DomainErrorClassNames, domainErrorAnswers } from '../../src/http/errorTable.js';

// The table's keys are read from the module's exports: a class added there is a key the table must have.
abstract class AbstractBase extends DomainError {}
class Concrete extends DomainError {}
const someModule = { AbstractBase, Concrete, helper: () => new Concrete('x'), LIMIT: 3 };
export const concrete: DomainErrorClassNames<typeof someModule> = 'Concrete';
// @ts-expect-error an abstract class is never thrown, so it needs no answer
export const abstractBase: DomainErrorClassNames<typeof someModule> = 'AbstractBase';
// @ts-expect-error a function is not an error class
export const helper: DomainErrorClassNames<typeof someModule> = 'helper';

// A table without one of the domain's errors does not compile.
const { UserNotFound: _answered, ...withoutOne } = domainErrorAnswers;
// @ts-expect-error UserNotFound has no answer
export const incomplete: typeof domainErrorAnswers = withoutOne;

// Each answer sees its own error's type: a header taken from a field the error does not have does not compile.
export const wrongField: Partial<typeof domainErrorAnswers> = {
  // @ts-expect-error EmailTaken has no retryAfterSeconds
  EmailTaken: { type: 'conflict', headers: (error) => ({ 'Retry-After': String(error.retryAfterSeconds) }) },
};

// A problem type the table does not list does not compile.
export const unknownType: Partial<typeof domainErrorAnswers> = {
  // @ts-expect-error there is no problem type `gone`
  UserNotFound: { type: 'gone' },
};
