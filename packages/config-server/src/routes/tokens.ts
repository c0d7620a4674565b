import { CreatedToken, NewToken, roleWithin, TokenList, TokenView } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { nodeClusterOf } from '../auth/tokens.ts'
import { ServiceError } from '../errors.ts'
import { principalOf, userOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors } from '../http/schemas.ts'

const tags = ['tokens']

/** Bearer tokens for the CLI and engine nodes: made by their users, shown once, revocable. */
export const tokenRoutes: RouteModule = (app, { auth, audit }) => {
  app.get(
    '/api/tokens',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: "List one's own tokens (an admin sees every token with ?all=true); never the secrets",
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: TokenList, ...commonErrors },
      },
    },
    async (request) => {
      const user = userOf(request)
      const all = request.query.all === true && user.role === 'admin'
      return { tokens: auth.tokens.list(all ? undefined : user.username) }
    },
  )

  app.post(
    '/api/tokens',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Make a token; the answer is the only time its secret is shown',
        body: NewToken,
        response: { 201: CreatedToken, ...commonErrors },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      const { name, scopes, expiresInDays } = request.body
      const role = request.body.role ?? user.role
      const nodeScopes = scopes.filter((s) => s.startsWith('node:'))
      if (!roleWithin(role, user.role))
        throw new ServiceError(
          'auth.forbidden',
          `a token cannot have the role "${role}", above your role "${user.role}"`,
        )
      if (nodeScopes.length > 0 && user.role !== 'admin')
        throw new ServiceError('auth.forbidden', 'only admins make engine node tokens')
      if (nodeScopes.length > 0 && (nodeScopes.length !== 1 || scopes.length !== 1))
        throw new ServiceError('request.invalid', 'a node token has exactly one scope, node:<cluster>', [
          {
            path: '/scopes',
            code: 'schema.invalid',
            message: 'give ["node:<cluster>"] alone, or API scopes only',
          },
        ])
      const expiresAt =
        expiresInDays === undefined
          ? undefined
          : new Date(Date.now() + expiresInDays * 86_400_000).toISOString()
      const made = await auth.tokens.create({
        name,
        username: user.username,
        role,
        scopes,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      })
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'token.create',
        target: `token/${made.info.id}`,
        details: { name, role, scopes, cluster: nodeClusterOf(made.info) ?? null },
      })
      return reply.status(201).send(made)
    },
  )

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Revoke a token for good (own tokens; an admin may revoke any)',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
        response: { 200: TokenView, ...commonErrors },
      },
    },
    async (request) => {
      const user = userOf(request)
      const token = auth.tokens.get(request.params.id)
      if (!token || (token.username !== user.username && user.role !== 'admin'))
        throw new ServiceError('token.not-found', `no token with id "${request.params.id}" of yours`)
      const revoked = await auth.tokens.revoke(token.id)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'token.revoke',
        target: `token/${token.id}`,
      })
      return revoked
    },
  )
}
