import { z } from 'zod';
import { isPaged, PAGING_ALIASES } from './query-params';
import { restRoutes } from './registry';

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: {
          type: 'string',
          examples: [
            'VALIDATION_ERROR',
            'UNAUTHORIZED',
            'FORBIDDEN',
            'NOT_FOUND',
            'CONFLICT',
            'PAYLOAD_TOO_LARGE',
            'UNPROCESSABLE',
            'RATE_LIMITED',
          ],
        },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: {
              field: { type: 'string' },
              message: { type: 'string' },
              code: { type: 'string', description: 'message code (see docs/messages.md)' },
              params: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
            },
          },
        },
      },
    },
  },
};

const errorResponses = {
  '400': {
    description: 'Invalid input',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '401': {
    description: 'Missing, unknown, revoked or expired API key',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '403': {
    description: "The key's role does not allow this",
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '404': {
    description: 'Not found',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '409': {
    description: 'Conflict with the current state',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '413': {
    description: 'Body too large',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '422': {
    description: 'Understood but refused by a rule',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '429': {
    description: 'Rate limited; see Retry-After',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

function parameters(s: z.ZodType | undefined, where: 'path' | 'query') {
  if (!s) return [];
  const json = schemaOf(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

/** The OpenAPI 3.1 document, generated from the same route objects that serve the requests. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of restRoutes) {
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${r.path
        .replace(/[{}]/g, '')
        .split('/')
        .filter(Boolean)
        .map((p) => p[0]!.toUpperCase() + p.slice(1))
        .join('')}`,
      'x-permission': r.permission,
      ...(r.public ? { security: [] } : {}),
      parameters: [
        ...parameters(r.params, 'path'),
        ...parameters(r.query, 'query'),
        ...(isPaged(r.query) ? PAGING_ALIASES : []),
      ],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          content: {
            'application/json': { schema: schemaOf(r.response, 'output') },
            ...(r.streams
              ? {
                  'text/event-stream': {
                    schema: {
                      type: 'string',
                      description: 'events: status (execution JSON), logs (array of log lines)',
                    },
                  },
                }
              : {}),
          },
        },
        ...errorResponses,
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'VSS Script Orchestration API',
      version: '1.0.0',
      description:
        'Scripts, executions and more for the VSS platform. Authenticate with `Authorization: Bearer <api key>` or `X-API-Key`. Lists take `page` and `page_size` (or `skip` and `limit`, as the earlier API did) and answer `{items,total,page,page_size,pages}`. Errors answer `{"error":{"code","message","details":[{"field","message"}]}}`. A query parameter an operation does not declare is a 400 naming it.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
