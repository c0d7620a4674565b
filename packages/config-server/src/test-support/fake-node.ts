import { type DesiredState, DesiredState as DesiredStateSchema, type WorkflowStatus } from '@sluice/assets'
import type { Harness } from './harness.ts'
import { json } from './harness.ts'
import { parseAs, textAt } from './read.ts'

/** Makes a node token of `cluster` with the admin session of a harness. */
export async function nodeToken(h: Harness, cluster = 'default'): Promise<string> {
  const made = await h.app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: h.admin,
    payload: { name: `node-${cluster}`, scopes: [`node:${cluster}`] },
  })
  return textAt(json(made), 'token')
}

/**
 * A scripted engine node speaking the node protocol over `inject`: it registers, heartbeats with
 * the generation it last received (so it "reconciles" at once) and reports its assignments as running.
 */
export class FakeNode {
  readonly nodeId: string
  readonly roles: string[]
  readonly keyFingerprints: string[]
  generation = 0
  desired: DesiredState | undefined
  readonly #h: Harness
  readonly #token: string
  readonly #now: () => number

  constructor(
    h: Harness,
    token: string,
    nodeId: string,
    options: { roles?: string[]; keyFingerprints?: string[]; now?: () => number } = {},
  ) {
    this.#h = h
    this.#token = token
    this.nodeId = nodeId
    this.roles = options.roles ?? []
    this.keyFingerprints = options.keyFingerprints ?? []
    this.#now = options.now ?? Date.now
  }

  get headers() {
    return { authorization: `Bearer ${this.#token}` }
  }

  register(cluster = 'default') {
    return this.#h.app.inject({
      method: 'POST',
      url: '/api/cluster/nodes',
      headers: this.headers,
      payload: {
        nodeId: this.nodeId,
        cluster,
        roles: this.roles,
        version: '0.1.0',
        hostname: `${this.nodeId}.local`,
        keyFingerprints: this.keyFingerprints,
      },
    })
  }

  /** Sends a heartbeat; throws with the answer when it is not 200. */
  async beat(options: { workflows?: WorkflowStatus[]; testResults?: unknown[] } = {}): Promise<DesiredState> {
    const response = await this.#h.app.inject({
      method: 'POST',
      url: `/api/cluster/nodes/${this.nodeId}/heartbeat`,
      headers: this.headers,
      payload: {
        generation: this.generation,
        state: 'running',
        startedAt: new Date(this.#now()).toISOString(),
        workflows: options.workflows ?? this.running(),
        testResults: options.testResults ?? [],
      },
    })
    if (response.statusCode !== 200) throw new Error(`heartbeat of ${this.nodeId}: ${response.body}`)
    const desired = parseAs(DesiredStateSchema, json(response))
    this.desired = desired
    this.generation = desired.generation
    return desired
  }

  /** The workflows assigned, `(singleton)` marking those under a lease. */
  assigned(): string[] {
    return (this.desired?.assignments ?? [])
      .map((a) => `${a.workflow}${a.singleton ? ' (singleton)' : ''}`)
      .sort()
  }

  running(): WorkflowStatus[] {
    return (this.desired?.assignments ?? []).map((a) => ({
      deployment: a.deployment,
      version: a.version,
      workflow: a.workflow,
      state: 'running',
      since: new Date(this.#now()).toISOString(),
      metrics: {
        in: 10,
        out: 9,
        filtered: 1,
        errors: 0,
        retries: 0,
        inFlight: 0,
        batchFill: 0.5,
        latencyMs: { p50: 3, p99: 9 },
      },
      objects: [],
      recentErrors: [],
    }))
  }
}
