import type { Permission } from '@sluice/assets'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller needs; a route without it is public (login, health, the OpenAPI document). */
    access?: Permission
    /** The route takes a YAML body (`application/yaml`); every other route refuses YAML with 415. */
    yamlBody?: boolean
  }
}

/** The name of the browser session cookie. */
export const SESSION_COOKIE = 'sluice_session'

/** The header a browser session's unsafe requests must carry. */
export const CSRF_HEADER = 'x-csrf-token'
