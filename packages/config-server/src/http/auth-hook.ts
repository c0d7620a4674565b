import type {} from '@fastify/cookie'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AuthService, Principal } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { CSRF_HEADER, SESSION_COOKIE } from './route-config.ts'

const principals = new WeakMap<FastifyRequest, Principal>()

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Authenticates every request to a route with an `access` config (bearer token, else session
 * cookie) and checks the route's permission, role, token scope and CSRF token before the body is
 * even read. Public routes pass untouched.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access
    if (access === undefined) return
    const sessionId = request.cookies[SESSION_COOKIE]
    const principal = auth.authenticate({
      ...(request.headers.authorization === undefined
        ? {}
        : { authorization: request.headers.authorization }),
      ...(sessionId === undefined || sessionId === '' ? {} : { sessionId }),
    })
    auth.authorize(principal, access, request.method, header(request, CSRF_HEADER))
    if (principal) principals.set(request, principal)
  })
}

/** The principal of an authenticated request; throws 401 on a public route. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request)
  if (!principal) throw new ServiceError('auth.required', 'sign in, or send "Authorization: Bearer <token>"')
  return principal
}

/** The user behind a request; node tokens never reach user routes, so this only narrows the type. */
export function userOf(request: FastifyRequest): Extract<Principal, { type: 'user' }> {
  const principal = principalOf(request)
  if (principal.type !== 'user')
    throw new ServiceError('auth.forbidden', 'this route is for users, not engine nodes')
  return principal
}

/** The engine node behind a request of the node protocol. */
export function nodeOf(request: FastifyRequest): Extract<Principal, { type: 'node' }> {
  const principal = principalOf(request)
  if (principal.type !== 'node')
    throw new ServiceError('auth.forbidden', 'only engine node tokens may call the node protocol')
  return principal
}
