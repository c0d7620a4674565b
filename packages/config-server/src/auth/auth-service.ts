import { timingSafeEqual } from 'node:crypto'
import { type Permission, type Role, roleAllows, type UserView } from '@sluice/assets'
import type { AuditActor } from '../audit/audit-log.ts'
import { ServiceError } from '../errors.ts'
import { SessionStore } from './sessions.ts'
import { nodeClusterOf, TokenStore } from './tokens.ts'
import { type BootstrapOptions, UserStore } from './users.ts'

/** Who made a request. */
export type Principal =
  | { type: 'user'; username: string; role: Role; via: 'session'; sessionId: string; csrfToken: string }
  | { type: 'user'; username: string; role: Role; via: 'token'; tokenId: string; scopes: readonly string[] }
  | { type: 'node'; cluster: string; tokenId: string; tokenName: string; username: string }

/** The credentials a request carried. */
export interface Credentials {
  authorization?: string
  sessionId?: string
}

export interface AuthOptions extends BootstrapOptions {
  /** scrypt cost N for new password hashes (default 2^16). */
  passwordCost?: number
  /** Idle lifetime of a browser session (default 12 hours). */
  sessionTtlMs?: number
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Users, sessions and tokens, and the decision whether a principal may use a route. Runtime API
 * with no HTTP in it: the HTTP layer passes credentials in and gets a principal or a coded error.
 */
export class AuthService {
  readonly users: UserStore
  readonly tokens: TokenStore
  readonly sessions: SessionStore

  private constructor(users: UserStore, tokens: TokenStore, sessions: SessionStore) {
    this.users = users
    this.tokens = tokens
    this.sessions = sessions
  }

  static async open(dataDir: string, options: AuthOptions = {}): Promise<AuthService> {
    const users = await UserStore.open(dataDir, { ...options, passwordCost: options.passwordCost ?? 2 ** 16 })
    const tokens = await TokenStore.open(dataDir)
    return new AuthService(users, tokens, new SessionStore(options.sessionTtlMs ?? 12 * 3600_000))
  }

  /** Checks a password and starts a session; `auth.invalid-credentials` names neither which part was wrong. */
  async login(
    username: string,
    password: string,
  ): Promise<{ sessionId: string; csrfToken: string; user: UserView }> {
    const user = await this.users.verify(username, password)
    const epoch = this.users.get(username)?.epoch
    if (!user || epoch === undefined)
      throw new ServiceError(
        'auth.invalid-credentials',
        'the username or password is wrong, or the user is disabled',
      )
    const { sessionId, session } = this.sessions.create(user.username, epoch)
    return { sessionId, csrfToken: session.csrfToken, user }
  }

  /**
   * The principal of a request: a bearer token wins over a session cookie. Returns undefined when
   * neither was sent; throws `auth.session-expired`, `auth.token-invalid`, `auth.token-revoked` or
   * `auth.token-expired` for credentials that do not hold.
   */
  authenticate(credentials: Credentials): Principal | undefined {
    if (credentials.authorization !== undefined) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization)
      if (!bearer?.[1])
        throw new ServiceError('auth.token-invalid', 'send the token as "Authorization: Bearer <token>"')
      const token = this.tokens.verify(bearer[1])
      const user = this.users.get(token.username)
      if (!user || user.disabled)
        throw new ServiceError(
          'auth.token-revoked',
          `the user "${token.username}" of this token no longer exists or is disabled`,
        )
      const cluster = nodeClusterOf(token)
      if (cluster !== undefined)
        return { type: 'node', cluster, tokenId: token.id, tokenName: token.name, username: token.username }
      return {
        type: 'user',
        username: user.username,
        role: token.role,
        via: 'token',
        tokenId: token.id,
        scopes: token.scopes,
      }
    }
    if (credentials.sessionId === undefined) return undefined
    const session = this.sessions.touch(credentials.sessionId)
    const user = session ? this.users.get(session.username) : undefined
    if (!session || !user || user.disabled || user.epoch !== session.epoch) {
      this.sessions.end(credentials.sessionId)
      throw new ServiceError('auth.session-expired', 'the session has ended; sign in again')
    }
    return {
      type: 'user',
      username: user.username,
      role: user.role,
      via: 'session',
      sessionId: credentials.sessionId,
      csrfToken: session.csrfToken,
    }
  }

  /**
   * Throws unless `principal` may call a route needing `permission` with `method`: 401 without a
   * principal, 403 `auth.forbidden` for a role, scope or principal type that does not fit, 403
   * `auth.csrf` for a session's unsafe request without its CSRF token.
   */
  authorize(
    principal: Principal | undefined,
    permission: Permission,
    method: string,
    csrfHeader?: string,
  ): void {
    if (!principal)
      throw new ServiceError('auth.required', 'sign in, or send "Authorization: Bearer <token>"')
    if (principal.type === 'node') {
      if (permission !== 'node')
        throw new ServiceError(
          'auth.forbidden',
          `a node token of cluster "${principal.cluster}" may only call the node protocol`,
        )
      return
    }
    if (permission === 'node')
      throw new ServiceError('auth.forbidden', 'only engine node tokens may call the node protocol')
    if (principal.via === 'token') {
      const full = principal.scopes.includes('api')
      if (!full && !(principal.scopes.includes('api:read') && permission === 'read'))
        throw new ServiceError(
          'auth.forbidden',
          `the token's scopes (${principal.scopes.join(', ')}) do not cover this route`,
        )
    }
    if (!roleAllows(principal.role, permission))
      throw new ServiceError(
        'auth.forbidden',
        `this needs the "${permission}" permission, which the role "${principal.role}" lacks`,
      )
    if (
      principal.via === 'session' &&
      !SAFE_METHODS.has(method) &&
      !sameSecret(csrfHeader, principal.csrfToken)
    )
      throw new ServiceError(
        'auth.csrf',
        'send the x-csrf-token header from the login or /api/auth/session answer',
      )
  }
}

/** The audit trail's name for a principal. */
export function actorOf(principal: Principal): AuditActor {
  if (principal.type === 'node')
    return { type: 'node', name: principal.cluster, via: `token:${principal.tokenId}` }
  return {
    type: 'user',
    name: principal.username,
    via: principal.via === 'session' ? 'session' : `token:${principal.tokenId}`,
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
