import { Type } from 'typebox'
import type { Http } from './http.ts'
import { AssetView, AuditEventView, ClusterView, KeyView, type Role, TokenView, UserView } from './schemas.ts'

const enc = encodeURIComponent

/** Keys, clusters, users, tokens and the audit trail. */
export class AdminApi {
  readonly #http: Http

  constructor(http: Http) {
    this.#http = http
  }

  async keys() {
    return (await this.#http.get(Type.Object({ keys: Type.Array(KeyView) }), '/api/keys')).body.keys
  }

  async rotateServerKey() {
    return (await this.#http.send(KeyView, 'POST', '/api/keys/server/rotate')).body
  }

  /** Re-seals every value of a Secret resource to another key. */
  async rotateSecret(name: string, keyFingerprint: string, version: string) {
    const path = `/api/secrets/${enc(name)}/rotate`
    return (
      await this.#http.send(AssetView, 'POST', path, {
        json: { keyFingerprint },
        headers: { 'if-match': `"${version}"` },
      })
    ).body
  }

  async clusters() {
    return (await this.#http.get(Type.Object({ clusters: Type.Array(ClusterView) }), '/api/clusters')).body
      .clusters
  }

  async putCluster(
    name: string,
    change: { description?: string; publicKeyPem?: string; allowAmbient?: boolean },
  ) {
    return (await this.#http.send(ClusterView, 'PUT', `/api/clusters/${enc(name)}`, { json: change })).body
  }

  async users() {
    return (await this.#http.get(Type.Object({ users: Type.Array(UserView) }), '/api/users')).body.users
  }

  async createUser(user: { username: string; role: Role; password: string }) {
    return (await this.#http.send(UserView, 'POST', '/api/users', { json: user })).body
  }

  async updateUser(username: string, change: { role?: Role; password?: string; disabled?: boolean }) {
    return (await this.#http.send(UserView, 'PATCH', `/api/users/${enc(username)}`, { json: change })).body
  }

  async removeUser(username: string) {
    await this.#http.request('DELETE', `/api/users/${enc(username)}`)
  }

  async tokens(all: boolean) {
    const path = all ? '/api/tokens?all=true' : '/api/tokens'
    return (await this.#http.get(Type.Object({ tokens: Type.Array(TokenView) }), path)).body.tokens
  }

  /** Makes a token; the answer holds its secret, shown this once. */
  async createToken(token: { name: string; role?: Role; scopes: string[]; expiresInDays?: number }) {
    const Created = Type.Object({ token: Type.String(), info: TokenView })
    return (await this.#http.send(Created, 'POST', '/api/tokens', { json: token })).body
  }

  async revokeToken(id: string) {
    await this.#http.request('DELETE', `/api/tokens/${enc(id)}`)
  }

  async audit(query: { target?: string; actor?: string; action?: string; limit?: number }) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value))
    return (await this.#http.get(Type.Object({ events: Type.Array(AuditEventView) }), `/api/audit?${params}`))
      .body.events
  }
}
