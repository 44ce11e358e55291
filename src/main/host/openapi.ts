import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import { accessOf, METHOD_NAMES, methods } from '../../shared/contract';
import { ROLE_ACCESS, ROLES } from '../../shared/access';
import { REST_ROUTES, RestFailureSchema } from './rest-api';

/*
 * The OpenAPI 3.1 document of the browser host, generated from the same zod schemas that validate
 * every request: the REST routes (the original system's endpoints and the scripts' ones), every
 * contract method under `/api/rpc/<method>`, and the health and metrics endpoints.
 */

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Which roles may call something that needs this access. */
function rolesFor(access: 'read' | 'operate' | 'admin'): string {
  return ROLES.filter((role) => ROLE_ACCESS[role].includes(access)).join(', ');
}

const COMMON_FAILURES = {
  '400': json(
    RestFailureSchema,
    'Bad input: `path` names the field (`query.page`, `body.settings.title`).',
  ),
  '401': json(RestFailureSchema, 'No token, or a wrong or revoked one.'),
  '403': json(RestFailureSchema, "The token's role may not do this."),
  '404': json(RestFailureSchema, 'Nothing with this id.'),
  '429': json(RestFailureSchema, 'Too many requests for this token: wait `Retry-After` seconds.'),
};

const RpcResult = z
  .union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({
      ok: z.literal(false),
      error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
    }),
  ])
  .meta({ id: 'RpcResult' });

export function openApiDocument(version: string, serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of REST_ROUTES) {
    const operation: ZodOpenApiOperationObject = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      description: `${route.description}\n\nRoles: ${rolesFor(route.access)}.`,
      tags: [route.tag],
      requestParams: {
        ...(route.params ? { path: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
      },
      ...(route.body
        ? { requestBody: { content: { 'application/json': { schema: route.body } } } }
        : {}),
      responses: {
        '200': json(route.response, 'Done.'),
        ...Object.fromEntries(
          Object.entries(route.statuses ?? {}).map(([status, text]) => [
            status,
            json(status === '202' ? route.response : RestFailureSchema, text),
          ]),
        ),
        ...COMMON_FAILURES,
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  for (const method of METHOD_NAMES) {
    paths[`/api/rpc/${method}`] = {
      post: {
        operationId: `rpc_${method.replaceAll('.', '_')}`,
        summary: `Contract method ${method}`,
        description: `The method the app's own screens call. Roles: ${rolesFor(accessOf(method))}. Errors come as \`{ ok: false, error }\` with the status of their code (400 bad input with the field path, 403 too little role, 404, 409, 502, 503, 504).`,
        tags: ['Contract'],
        requestBody: { content: { 'application/json': { schema: methods[method].input } } },
        responses: {
          '200': json(RpcResult, 'The result.'),
          '400': json(RpcResult, 'Bad input: the error names the field path.'),
          '401': json(RestFailureSchema, 'No token, or a wrong or revoked one.'),
          '403': json(RpcResult, "The token's role does not allow this method."),
          '429': COMMON_FAILURES['429'],
        },
      },
    };
  }
  paths['/api/health'] = {
    get: {
      operationId: 'getHealth',
      summary: 'Health of every service',
      description:
        'Without a token. `{ healthy, timestamp, services: { cablecast, vod, webhooks, storage, database } }` and `details`; within 2 s even when a check hangs.',
      tags: ['Health'],
      security: [],
      responses: {
        '200': json(
          z
            .object({
              healthy: z.boolean(),
              timestamp: z.string(),
              services: z.record(z.string(), z.boolean()),
            })
            .catchall(z.unknown()),
          'Healthy.',
        ),
        '503': { description: 'Not healthy: the same body.' },
      },
    },
  };
  paths['/metrics'] = {
    get: {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description: 'The Prometheus text format. Roles: viewer, operator, admin.',
      tags: ['Health'],
      responses: {
        '200': { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } },
        '401': COMMON_FAILURES['401'],
      },
    },
  };
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Archivist Desktop station host',
      version,
      description:
        'The REST API of the station host. Send `Authorization: Bearer <token>` with an API token made in Settings › API tokens (or the per-run token of `archivist serve`).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    paths,
  });
}
