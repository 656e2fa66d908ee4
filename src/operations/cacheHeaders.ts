// Cache-Control for user data: private to the caller, and revalidated with its ETag before reuse.
export const PRIVATE_REVALIDATE = 'private, no-cache';
