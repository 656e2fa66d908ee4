// Redocly plugin: keeps the spec inside what API Gateway's REST import (OAS 3.0) accepts.
// Written by hand because no published ruleset covers API Gateway's import limits.
import { isRef } from '@redocly/openapi-core';

const schemaRule = (test, message) => () => ({
  Schema(schema, { report, location }) {
    const key = test(schema);
    if (key) report({ message, location: location.child([key]).key() });
  },
});

const noResponseRef = () => ({
  Responses(responses, { report, location }) {
    for (const [code, response] of Object.entries(responses)) {
      if (isRef(response)) {
        report({
          message: 'API Gateway cannot import a $ref as a whole response: inline it (the bundle does).',
          location: location.child([code]),
        });
      }
    }
  },
});

// Bundling replaces each response $ref by the response it names, so the source can stay DRY.
const inlineResponseRefs = () => ({
  Responses: {
    leave(responses, ctx) {
      for (const [code, response] of Object.entries(responses)) {
        if (isRef(response)) responses[code] = structuredClone(ctx.resolve(response).node);
      }
    },
  },
});

export default function apiGatewayPlugin() {
  return {
    id: 'api-gateway',
    rules: {
      oas3: {
        'no-discriminator': schemaRule(
          (s) => (s.discriminator ? 'discriminator' : undefined),
          'API Gateway import does not support `discriminator`.',
        ),
        'no-one-of-any-of': schemaRule(
          (s) => (s.oneOf ? 'oneOf' : s.anyOf ? 'anyOf' : undefined),
          'API Gateway models do not support `oneOf`/`anyOf`.',
        ),
        'no-read-only': schemaRule(
          (s) => (s.readOnly !== undefined ? 'readOnly' : undefined),
          'API Gateway import does not support `readOnly`: use separate request and response schemas.',
        ),
        'no-schema-example': schemaRule(
          (s) => (s.example !== undefined ? 'example' : undefined),
          'API Gateway drops `example` in schemas: put examples on the media type.',
        ),
        'no-int-format': schemaRule(
          (s) => (s.format === 'int32' || s.format === 'int64' ? 'format' : undefined),
          'API Gateway import does not support `int32`/`int64` formats.',
        ),
        'no-response-ref': noResponseRef,
      },
    },
    decorators: {
      oas3: { 'inline-response-refs': inlineResponseRefs },
    },
  };
}
