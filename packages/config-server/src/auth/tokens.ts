import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { TokenView } from '@sluice/assets'
import { type Static, Type } from 'typebox'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'
import { createSerialQueue } from '../store/serial.ts'

const PREFIX = 'sluice_'

const TokenRecord = Type.Intersect([TokenView, Type.Object({ secretHash: Type.String() })])
type TokenRecord = Static<typeof TokenRecord>
const TokensFile = Type.Object({ tokens: Type.Array(TokenRecord) })

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

/** The cluster a node-scoped token speaks for, if any. */
export function nodeClusterOf(token: Pick<TokenView, 'scopes'>): string | undefined {
  return token.scopes.find((s) => s.startsWith('node:'))?.slice('node:'.length)
}

/**
 * Bearer tokens for the CLI and engine nodes: `sluice_<id>.<secret>`, shown once when made. Only a
 * SHA-256 of the secret is kept (in `tokens.json`, mode 0600); a token is revoked by id and then
 * refused for good.
 */
export class TokenStore {
  readonly #path: string
  readonly #queue = createSerialQueue()
  #tokens: TokenRecord[]
  #dirtyUse = false

  private constructor(path: string, tokens: TokenRecord[]) {
    this.#path = path
    this.#tokens = tokens
  }

  static async open(dataDir: string): Promise<TokenStore> {
    const path = join(dataDir, 'tokens.json')
    const file = await readJsonFile(path, TokensFile, { tokens: [] })
    return new TokenStore(path, file.tokens)
  }

  list(username?: string): TokenView[] {
    return this.#tokens.filter((t) => username === undefined || t.username === username).map(info)
  }

  get(id: string): TokenView | undefined {
    const token = this.#tokens.find((t) => t.id === id)
    return token ? info(token) : undefined
  }

  /** Makes a token; the returned `token` string is the only time the secret is seen. */
  create(
    input: Omit<TokenView, 'id' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>,
  ): Promise<{ token: string; info: TokenView }> {
    return this.#queue.run(async () => {
      const id = randomBytes(8).toString('hex')
      const secret = randomBytes(32).toString('base64url')
      const record: TokenRecord = {
        ...input,
        id,
        createdAt: new Date().toISOString(),
        secretHash: hashSecret(secret),
      }
      await this.#save([...this.#tokens, record])
      return { token: `${PREFIX}${id}.${secret}`, info: info(record) }
    })
  }

  /** Revokes a token; revoking twice keeps the first time. */
  revoke(id: string): Promise<TokenView> {
    return this.#queue.run(async () => {
      const token = this.#tokens.find((t) => t.id === id)
      if (!token) throw new ServiceError('token.not-found', `no token with id "${id}"`)
      if (token.revokedAt !== undefined) return info(token)
      const revoked = { ...token, revokedAt: new Date().toISOString() }
      await this.#save(this.#tokens.map((t) => (t.id === id ? revoked : t)))
      return info(revoked)
    })
  }

  /** Revokes every token of a user, when the user is removed. */
  async revokeAllOf(username: string): Promise<void> {
    for (const token of this.#tokens.filter((t) => t.username === username && t.revokedAt === undefined))
      await this.revoke(token.id)
  }

  /**
   * Checks a presented bearer token. Throws `auth.token-invalid` for one that is malformed or
   * unknown or whose secret does not match, `auth.token-revoked` and `auth.token-expired` as named.
   */
  verify(presented: string, now = new Date()): TokenView {
    const match = /^sluice_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/.exec(presented)
    const token = match ? this.#tokens.find((t) => t.id === match[1]) : undefined
    const expected = Buffer.from(token?.secretHash ?? hashSecret('unknown'))
    const given = Buffer.from(hashSecret(match?.[2] ?? ''))
    if (!token || expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new ServiceError('auth.token-invalid', 'the bearer token is not one this server issued')
    if (token.revokedAt !== undefined)
      throw new ServiceError(
        'auth.token-revoked',
        `the token "${token.name}" was revoked at ${token.revokedAt}`,
      )
    if (token.expiresAt !== undefined && token.expiresAt <= now.toISOString())
      throw new ServiceError('auth.token-expired', `the token "${token.name}" expired at ${token.expiresAt}`)
    token.lastUsedAt = now.toISOString()
    this.#dirtyUse = true
    return info(token)
  }

  /** Writes last-use times, batched so that a busy node does not write on every request. */
  async flushUse(): Promise<void> {
    if (!this.#dirtyUse) return
    this.#dirtyUse = false
    await this.#queue.run(() => this.#save(this.#tokens))
  }

  async #save(tokens: TokenRecord[]): Promise<void> {
    await writeJsonFile(this.#path, { tokens })
    this.#tokens = tokens
  }
}

function info(record: TokenRecord): TokenView {
  const { secretHash: _, ...rest } = record
  return rest
}
