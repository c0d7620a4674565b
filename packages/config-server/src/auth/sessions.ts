import { createHash, randomBytes } from 'node:crypto'

/** A browser session: who, since when, and the token its unsafe requests must echo (CSRF). */
export interface Session {
  username: string
  csrfToken: string
  /** The user's epoch at login; a password change or disabling ends older sessions. */
  epoch: number
  expiresAt: number
}

function keyOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url')
}

/**
 * Browser sessions, in memory: a server restart signs everyone out. Only a hash of each session id
 * is held, and each session slides forward by `ttlMs` on use.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>()
  readonly #ttlMs: number
  readonly #maxSessions: number

  constructor(ttlMs: number, maxSessions = 10_000) {
    this.#ttlMs = ttlMs
    this.#maxSessions = maxSessions
  }

  /** Starts a session; returns the id for the cookie (never stored) and the session. */
  create(username: string, epoch: number, now = Date.now()): { sessionId: string; session: Session } {
    this.#prune(now)
    const sessionId = randomBytes(32).toString('base64url')
    const session = {
      username,
      epoch,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: now + this.#ttlMs,
    }
    this.#sessions.set(keyOf(sessionId), session)
    return { sessionId, session }
  }

  /** The live session of a cookie value, extended; undefined when unknown or expired. */
  touch(sessionId: string, now = Date.now()): Session | undefined {
    const key = keyOf(sessionId)
    const session = this.#sessions.get(key)
    if (!session) return undefined
    if (session.expiresAt <= now) {
      this.#sessions.delete(key)
      return undefined
    }
    session.expiresAt = now + this.#ttlMs
    return session
  }

  end(sessionId: string): void {
    this.#sessions.delete(keyOf(sessionId))
  }

  /** Ends every session of a user, e.g. when the user is removed. */
  endAllOf(username: string): void {
    for (const [key, session] of this.#sessions) if (session.username === username) this.#sessions.delete(key)
  }

  #prune(now: number): void {
    for (const [key, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(key)
    while (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.keys().next()
      if (oldest.done) break
      this.#sessions.delete(oldest.value)
    }
  }
}
