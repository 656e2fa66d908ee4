// Start-up failures `npm start` explains in one line, without a stack: a dependency that did not answer.

/** A service `npm start` depends on did not answer: say which, where, and how long it was given. */
export class DependencyError extends Error {}
