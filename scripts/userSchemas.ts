// Expands openapi/components/schemas/userFields.yaml into the three schemas that carry a user's fields.
// Not `allOf`: API Gateway's models are JSON Schema draft 4, where allOf parts with additionalProperties: false
// refuse each other's fields; the expanded schemas stay flat, as the import and the lint plugin require.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const schemasDir = 'openapi/components/schemas';
const banner = '# DO NOT EDIT: generated from userFields.yaml by `npm run generate`; add or change fields there.\n';

interface UserFields {
  required: string[];
  properties: Record<string, unknown>;
  storedOnly?: Record<string, unknown>;
}

/** The three schema files (path relative to the repository root → YAML text) that userFields.yaml declares. */
export function generateUserSchemas(root: string): Map<string, string> {
  const fields = parse(readFileSync(join(root, schemasDir, 'userFields.yaml'), 'utf8')) as UserFields;
  const schemas = {
    'User.yaml': {
      type: 'object',
      description: 'A user as stored by the API.',
      required: ['userId', ...fields.required, 'createdAt', 'updatedAt'],
      additionalProperties: false,
      properties: {
        userId: { $ref: 'UserId.yaml' },
        ...fields.properties,
        createdAt: { $ref: 'Timestamp.yaml' },
        updatedAt: { $ref: 'Timestamp.yaml' },
        ...fields.storedOnly,
      },
    },
    'CreateUserRequest.yaml': {
      type: 'object',
      description: 'A new user. Unknown fields are rejected.',
      required: fields.required,
      additionalProperties: false,
      properties: fields.properties,
    },
    'UpdateUserRequest.yaml': {
      type: 'object',
      description:
        'A partial update. At least one field; fields not sent keep their value. Unknown fields are rejected.',
      minProperties: 1,
      additionalProperties: false,
      properties: fields.properties,
    },
  };
  return new Map(
    Object.entries(schemas).map(([name, schema]) => [
      join(schemasDir, name),
      banner + stringify(schema, { lineWidth: 0, aliasDuplicateObjects: false }),
    ]),
  );
}
