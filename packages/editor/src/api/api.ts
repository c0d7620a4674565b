import { SessionView } from '@sluice/assets'
import { AdminApi } from './admin-api.ts'
import { AssetsApi } from './assets-api.ts'
import { DeployApi } from './deploy-api.ts'
import { ApiError, Http } from './http.ts'
import { NetworkStatus } from './network-status.ts'

/** Everything the editor asks of the config server, over one {@link Http}. */
export class Api {
  readonly status: NetworkStatus
  readonly http: Http
  readonly assets: AssetsApi
  readonly admin: AdminApi
  readonly deploy: DeployApi

  constructor(onSessionLost: () => void) {
    this.status = new NetworkStatus()
    this.http = new Http({ status: this.status, onSessionLost })
    this.assets = new AssetsApi(this.http)
    this.admin = new AdminApi(this.http)
    this.deploy = new DeployApi(this.http)
  }

  /** The current session, or `undefined` when nobody is signed in. */
  async session(): Promise<SessionView | undefined> {
    try {
      const { body } = await this.http.get(SessionView, '/api/auth/session', { anonymous: true })
      this.http.setCsrfToken(body.csrfToken)
      return body
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined
      throw error
    }
  }

  async login(username: string, password: string): Promise<SessionView> {
    const { body } = await this.http.send(SessionView, 'POST', '/api/auth/login', {
      json: { username, password },
      anonymous: true,
    })
    this.http.setCsrfToken(body.csrfToken)
    return body
  }

  async logout(): Promise<void> {
    try {
      await this.http.request('POST', '/api/auth/logout', { anonymous: true })
    } finally {
      this.http.setCsrfToken(undefined)
    }
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.http.request('POST', '/api/auth/password', { json: { currentPassword, newPassword } })
  }
}
