import {
  AssetView,
  AuditEventList,
  type AuditQuery,
  type ClusterChange,
  ClusterList,
  ClusterView,
  CreatedToken,
  KeyList,
  KeyView,
  type NewToken,
  type NewUser,
  TokenList,
  TokenView,
  type UserChange,
  UserList,
  UserView,
} from '@sluice/assets'
import type { Http } from './http.ts'

const enc = encodeURIComponent

/** Keys, clusters, users, tokens and the audit trail. */
export class AdminApi {
  readonly #http: Http

  constructor(http: Http) {
    this.#http = http
  }

  async keys() {
    return (await this.#http.get(KeyList, '/api/keys')).body.keys
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
    return (await this.#http.get(ClusterList, '/api/clusters')).body.clusters
  }

  async putCluster(name: string, change: ClusterChange) {
    return (await this.#http.send(ClusterView, 'PUT', `/api/clusters/${enc(name)}`, { json: change })).body
  }

  async users() {
    return (await this.#http.get(UserList, '/api/users')).body.users
  }

  async createUser(user: NewUser) {
    return (await this.#http.send(UserView, 'POST', '/api/users', { json: user })).body
  }

  async updateUser(username: string, change: UserChange) {
    return (await this.#http.send(UserView, 'PATCH', `/api/users/${enc(username)}`, { json: change })).body
  }

  async removeUser(username: string) {
    await this.#http.request('DELETE', `/api/users/${enc(username)}`)
  }

  async tokens(all: boolean) {
    const path = all ? '/api/tokens?all=true' : '/api/tokens'
    return (await this.#http.get(TokenList, path)).body.tokens
  }

  /** Makes a token; the answer holds its secret, shown this once. */
  async createToken(token: NewToken) {
    return (await this.#http.send(CreatedToken, 'POST', '/api/tokens', { json: token })).body
  }

  async revokeToken(id: string) {
    return (await this.#http.send(TokenView, 'DELETE', `/api/tokens/${enc(id)}`)).body
  }

  async audit(query: AuditQuery) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value))
    return (await this.#http.get(AuditEventList, `/api/audit?${params}`)).body.events
  }
}
