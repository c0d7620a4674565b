import {
  BuiltBundle,
  DeploymentList,
  DeploymentView,
  OperationsSnapshot,
  type WorkflowAction,
} from '@sluice/assets'
import type { Http } from './http.ts'

const enc = encodeURIComponent
const path = (name: string) => `/api/deployments/${enc(name)}`

/** Deployments (bundles, activation, rollback, workflow control) and the operations snapshot. */
export class DeployApi {
  readonly #http: Http

  constructor(http: Http) {
    this.#http = http
  }

  async list() {
    return (await this.#http.get(DeploymentList, '/api/deployments')).body.deployments
  }

  /** Compiles the deployment as the project stands into its next bundle version. */
  async build(name: string) {
    return (await this.#http.send(BuiltBundle, 'POST', `${path(name)}/bundles`, { timeoutMs: 60_000 })).body
  }

  async activate(name: string, version: number) {
    return (await this.#http.send(DeploymentView, 'POST', `${path(name)}/activate`, { json: { version } }))
      .body
  }

  async rollback(name: string, version?: number) {
    const json = version === undefined ? {} : { version }
    return (await this.#http.send(DeploymentView, 'POST', `${path(name)}/rollback`, { json })).body
  }

  async deactivate(name: string) {
    return (await this.#http.send(DeploymentView, 'POST', `${path(name)}/deactivate`)).body
  }

  async control(name: string, workflow: string, action: WorkflowAction) {
    const url = `${path(name)}/workflows/${enc(workflow)}/${action}`
    return (await this.#http.send(DeploymentView, 'POST', url)).body
  }

  async operations() {
    return (await this.#http.get(OperationsSnapshot, '/api/operations')).body
  }
}
