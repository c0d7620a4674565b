import { type Static, Type } from 'typebox'
import { NAME_PATTERN } from '../spec/names.ts'

/** A user's role, and the highest role a token of theirs may have. */
export const Role = Type.Union(
  [Type.Literal('admin'), Type.Literal('integrator'), Type.Literal('operator'), Type.Literal('viewer')],
  {
    description:
      'admin: everything, users, keys and clusters; integrator: edit assets and secrets, test, deploy; operator: test, deploy, start and stop workflows, read the audit trail; viewer: read only.',
  },
)
export type Role = Static<typeof Role>

/** The roles, from most to least powerful. */
export const ROLES: readonly Role[] = Role.anyOf.map((literal) => literal.const)

/** True when `value` names one of the {@link ROLES}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.some((r) => r === value)
}

/**
 * What each role may do. The config server checks it on every route; the editor hides or disables
 * what the server would refuse. `self` covers a user's own session, password and tokens; `node`
 * the engine node protocol, open only to node tokens.
 */
export const PERMISSIONS = {
  read: ['admin', 'integrator', 'operator', 'viewer'],
  self: ['admin', 'integrator', 'operator', 'viewer'],
  'assets.write': ['admin', 'integrator'],
  'assets.test': ['admin', 'integrator', 'operator'],
  deploy: ['admin', 'integrator', 'operator'],
  operate: ['admin', 'operator'],
  'audit.read': ['admin', 'operator'],
  admin: ['admin'],
  node: [],
} as const satisfies Record<string, readonly Role[]>

/** What a route needs: a key of {@link PERMISSIONS}. */
export type Permission = keyof typeof PERMISSIONS

/** True when `role` may do what `permission` allows. */
export function roleAllows(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return allowed.includes(role)
}

/** True when `role` is at most as powerful as `ceiling` (a token never outranks its user). */
export function roleWithin(role: Role, ceiling: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(ceiling)
}

/** What a username may be: lower-case letters, digits, `.`, `_` and `-`, at most 64. */
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$'

/** A token's scopes: `api` (every route its role allows), `api:read`, or `node:<cluster>`. */
export const TOKEN_SCOPE_PATTERN = `^(api|api:read|node:${NAME_PATTERN.slice(1, -1)})$`

const Password = (minLength: number) => Type.String({ minLength, maxLength: 1024 })

/** `POST /api/auth/login`: sign in with a username and password. */
export const LoginRequest = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Password(1) },
  { additionalProperties: false },
)
export type LoginRequest = Static<typeof LoginRequest>

/** `POST /api/auth/password`: change one's own password. */
export const PasswordChange = Type.Object(
  { currentPassword: Password(1), newPassword: Password(12) },
  { additionalProperties: false },
)
export type PasswordChange = Static<typeof PasswordChange>

/** Who is signed in, and how; a browser session also gets its CSRF token. */
export const SessionView = Type.Object(
  {
    user: Type.Object({ username: Type.String(), role: Role }),
    via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
    csrfToken: Type.Optional(
      Type.String({
        description: 'Send it as the x-csrf-token header on every unsafe request of this session.',
      }),
    ),
  },
  { title: 'Session' },
)
export type SessionView = Static<typeof SessionView>

/** A user as the API shows it; the password hash never leaves the server. */
export const UserView = Type.Object(
  { username: Type.String(), role: Role, disabled: Type.Boolean(), createdAt: Type.String() },
  { title: 'User' },
)
export type UserView = Static<typeof UserView>

/** `GET /api/users`. */
export const UserList = Type.Object({ users: Type.Array(UserView) })
export type UserList = Static<typeof UserList>

/** `POST /api/users`: a new user. */
export const NewUser = Type.Object(
  { username: Type.String({ pattern: USERNAME_PATTERN }), role: Role, password: Password(12) },
  { additionalProperties: false },
)
export type NewUser = Static<typeof NewUser>

/** `PATCH /api/users/:username`: what to change; fields left out stay. */
export const UserChange = Type.Object(
  {
    role: Type.Optional(Role),
    password: Type.Optional(Password(12)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UserChange = Static<typeof UserChange>

/** A bearer token as the API shows it, never with its secret. */
export const TokenView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    /** The user who made it; the token never outranks them. */
    username: Type.String(),
    role: Role,
    /**
     * `api`: every route the role allows; `api:read`: reading only; `node:<cluster>`: the engine node
     * protocol of that cluster, nothing else.
     */
    scopes: Type.Array(Type.String({ pattern: TOKEN_SCOPE_PATTERN })),
    createdAt: Type.String(),
    expiresAt: Type.Optional(Type.String()),
    revokedAt: Type.Optional(Type.String()),
    lastUsedAt: Type.Optional(Type.String()),
  },
  { title: 'Token' },
)
export type TokenView = Static<typeof TokenView>

/** `GET /api/tokens`. */
export const TokenList = Type.Object({ tokens: Type.Array(TokenView) })
export type TokenList = Static<typeof TokenList>

/** `POST /api/tokens`: a token to make; its role defaults to the maker's. */
export const NewToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Optional(Role),
    scopes: Type.Array(Type.String({ pattern: TOKEN_SCOPE_PATTERN }), { minItems: 1, uniqueItems: true }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
)
export type NewToken = Static<typeof NewToken>

/** A token just made: `token` is its secret, shown this once. */
export const CreatedToken = Type.Object({ token: Type.String(), info: TokenView })
export type CreatedToken = Static<typeof CreatedToken>
