import { ErrorBody, NewUser, USERNAME_PATTERN, UserChange, UserList, UserView } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors } from '../http/schemas.ts'

const tags = ['users']
const Username = Type.Object({ username: Type.String({ pattern: USERNAME_PATTERN }) })

/** User administration, for admins. */
export const userRoutes: RouteModule = (app, { auth, audit }) => {
  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'List users',
        response: { 200: UserList, ...commonErrors },
      },
    },
    async () => ({ users: auth.users.list() }),
  )

  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create a user',
        body: NewUser,
        response: { 201: UserView, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const user = await auth.users.create(request.body)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'user.create',
        target: `user/${user.username}`,
        diff: [{ path: '/role', op: 'add', after: user.role }],
      })
      return reply.status(201).send(user)
    },
  )

  app.patch(
    '/api/users/:username',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Change a user's role, password or disabled flag; their sessions end",
        params: Username,
        body: UserChange,
        response: { 200: UserView, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const before = auth.users.get(request.params.username)
      const { role, password, disabled } = request.body
      const user = await auth.users.update(request.params.username, {
        ...(role === undefined ? {} : { role }),
        ...(password === undefined ? {} : { password }),
        ...(disabled === undefined ? {} : { disabled }),
      })
      const diff = [
        ...(before && before.role !== user.role
          ? [{ path: '/role', op: 'replace' as const, before: before.role, after: user.role }]
          : []),
        ...(before && before.disabled !== user.disabled
          ? [{ path: '/disabled', op: 'replace' as const, before: before.disabled, after: user.disabled }]
          : []),
        ...(password === undefined
          ? []
          : [{ path: '/password', op: 'replace' as const, before: '***', after: '***' }]),
      ]
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'user.update',
        target: `user/${user.username}`,
        diff,
      })
      return user
    },
  )

  app.delete(
    '/api/users/:username',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Remove a user, ending their sessions and revoking their tokens',
        params: Username,
        response: { 204: Type.Null(), 409: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { username } = request.params
      await auth.users.remove(username)
      auth.sessions.endAllOf(username)
      await auth.tokens.revokeAllOf(username)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'user.delete',
        target: `user/${username}`,
      })
      return reply.status(204).send(null)
    },
  )
}
