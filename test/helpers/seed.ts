// The seed guide's example payloads, used by integration and contract tests.
export const seedUsers = {
  john: { name: 'John Doe', email: 'john@example.com', phone: '+1234567890' },
  update: { name: 'Jane Doe', phone: '+9876543210' },
} as const;

export const uniqueEmail = (label = 'user') =>
  `${label}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
