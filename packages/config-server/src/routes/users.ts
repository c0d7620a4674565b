import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { RoleSchema } from '../auth/roles.ts'
import { USERNAME_PATTERN } from '../auth/users.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, ErrorSchema } from '../http/schemas.ts'

const tags = ['users']
const UserView = Type.Object({
  username: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
})
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
        response: { 200: Type.Object({ users: Type.Array(UserView) }), ...commonErrors },
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
        body: Type.Object(
          {
            username: Type.String({ pattern: USERNAME_PATTERN }),
            role: RoleSchema,
            password: Type.String({ minLength: 12, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserView, 409: ErrorSchema, ...commonErrors },
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
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserView, 409: ErrorSchema, ...commonErrors },
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
        response: { 204: Type.Null(), 409: ErrorSchema, ...commonErrors },
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
