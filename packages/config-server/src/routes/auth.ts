import { ErrorBody, LoginRequest, PasswordChange, SessionView } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { principalOf, userOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { SESSION_COOKIE } from '../http/route-config.ts'
import { commonErrors } from '../http/schemas.ts'

const tags = ['auth']

/** Options of the session cookie. */
export interface CookieOptions {
  /** Send the cookie only over HTTPS (default true outside development). */
  secure: boolean
  /** Login attempts allowed per client address per minute. */
  loginAttemptsPerMinute: number
}

/** Sign in and out, the current session, and changing one's own password. */
export function authRoutes(cookie: CookieOptions) {
  const module: RouteModule = (app, { auth, audit }) => {
    app.post(
      '/api/auth/login',
      {
        config: { rateLimit: { max: cookie.loginAttemptsPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Sign in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token',
          body: LoginRequest,
          response: { 200: SessionView, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const { sessionId, csrfToken, user } = await auth.login(request.body.username, request.body.password)
        await audit.record({
          actor: { type: 'user', name: user.username, via: 'session' },
          action: 'auth.login',
          target: `user/${user.username}`,
        })
        return reply
          .setCookie(SESSION_COOKIE, sessionId, {
            httpOnly: true,
            sameSite: 'strict',
            secure: cookie.secure,
            path: '/',
          })
          .send({ user: { username: user.username, role: user.role }, via: 'session', csrfToken })
      },
    )

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'self' },
        schema: {
          tags,
          summary: 'End the session and clear its cookie',
          response: { 204: Type.Null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request)
        if (principal.type === 'user' && principal.via === 'session') auth.sessions.end(principal.sessionId)
        return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null)
      },
    )

    app.get(
      '/api/auth/session',
      {
        config: { access: 'self' },
        schema: {
          tags,
          summary: 'Who is signed in, with the CSRF token of the session',
          response: { 200: SessionView, ...commonErrors },
        },
      },
      async (request) => {
        const principal = userOf(request)
        return {
          user: { username: principal.username, role: principal.role },
          via: principal.via,
          ...(principal.via === 'session' ? { csrfToken: principal.csrfToken } : {}),
        }
      },
    )

    app.post(
      '/api/auth/password',
      {
        config: { access: 'self' },
        schema: {
          tags,
          summary: "Change one's own password; other sessions end",
          body: PasswordChange,
          response: { 204: Type.Null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const principal = userOf(request)
        if (!(await auth.users.verify(principal.username, request.body.currentPassword)))
          throw new ServiceError('auth.invalid-credentials', 'the current password is wrong')
        await auth.users.update(principal.username, { password: request.body.newPassword })
        await audit.record({
          actor: actorOf(principal),
          action: 'user.password',
          target: `user/${principal.username}`,
        })
        return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null)
      },
    )
  }
  return module
}
