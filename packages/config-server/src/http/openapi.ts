import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { SESSION_COOKIE } from './route-config.ts'

/**
 * Collects every route's schema into an OpenAPI 3.1 document served at `/api/openapi.json`, with
 * Swagger UI at `/api/docs`. Routes with an `access` config get the two security schemes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sluice config server',
        version: '0.1.0',
        description:
          'Assets, validation, secrets, connection tests, clusters and deployments. Browsers use the session cookie and send `x-csrf-token` on unsafe requests; the CLI and engine nodes send bearer tokens. Every error is `{ error: { code, message, issues? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const secured = route.config?.access !== undefined
      return {
        schema: secured ? { ...schema, security: [{ bearer: [] }, { session: [] }] } : schema,
        url,
      }
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
