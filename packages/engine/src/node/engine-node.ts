import type { DesiredState, Heartbeat, NodeRegistration } from '@sluice/assets'
import type { Logger } from '../runtime/contracts.ts'
import { type Backoff, backoffDelay } from '../runtime/runner/backoff.ts'
import type { DelegatedTests } from './delegated-tests.ts'
import type { NodeStore } from './node-store.ts'
import type { Reconciler } from './reconciler.ts'
import { type ServerApi, ServerError } from './server-api.ts'

export interface EngineNodeParts {
  readonly api: ServerApi
  readonly store: NodeStore
  readonly registration: NodeRegistration
  readonly reconciler: Reconciler
  readonly tests: DelegatedTests
  readonly log: Logger
  /** Delays between attempts while the server cannot be reached (default 1 s doubling to 30 s, ±20%). */
  readonly retry?: Backoff
  readonly now?: () => number
}

/** How the node's loop ended: asked to stop, or refused by the server for good. */
export type NodeOutcome = { type: 'stopped' } | { type: 'fatal'; code: string; message: string }

const DEFAULT_RETRY: Backoff = { initialMs: 1_000, maxMs: 30_000 }

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}

function fatalMessage(error: ServerError, cluster: string): string {
  const fix =
    error.code === 'node.token-mismatch'
      ? 'start the node with the token that registered it, or have an admin remove the node first'
      : error.code === 'node.wrong-cluster'
        ? `start the node with --cluster set to the token's cluster, or use a token for cluster "${cluster}"`
        : error.kind === 'fatal'
          ? `have an admin make a node token for cluster "${cluster}" (scope node:${cluster}) and give it in SLUICE_TOKEN`
          : 'check that --server is a Sluice config server of a version this engine speaks to'
  return `the config server refused this engine node (${error.code}): ${error.message}\n  ${fix}`
}

/**
 * An engine node talking to the config server: registers, heartbeats at the interval the server
 * gives, reconciles to each desired state it answers (saved to the data directory), runs the
 * delegated tests it lists and reports them in the next heartbeat. While the server is away it
 * keeps running what it was told last, retries with capped backoff and jitter, and logs the
 * outage once; it registers again when the server comes back having forgotten it. A bad, revoked
 * or foreign token ends the loop with a `fatal` outcome.
 */
export class EngineNode {
  readonly #parts: EngineNodeParts
  readonly #now: () => number
  readonly #startedAt: string
  #registered = false
  #contacted = false
  #outage: { since: number; attempts: number } | undefined

  constructor(parts: EngineNodeParts) {
    this.#parts = parts
    this.#now = parts.now ?? Date.now
    this.#startedAt = new Date(this.#now()).toISOString()
  }

  /**
   * Runs until `signal` aborts (then `stopped`) or the server refuses the node (`fatal`).
   * Reconciling is not awaited, so a slow bundle download never delays a heartbeat.
   */
  async run(signal: AbortSignal): Promise<NodeOutcome> {
    const { api, registration, log } = this.#parts
    let interval = 5_000
    let attempt = 0
    let unknownInARow = 0
    while (!signal.aborted) {
      let delay = interval
      try {
        if (!this.#registered) {
          const registered = await api.register(registration)
          interval = registered.heartbeatIntervalMs
          this.#registered = true
          this.#parts.reconciler.resetGeneration()
          log.info(
            { nodeId: registration.nodeId, cluster: registration.cluster, roles: registration.roles },
            'registered with the config server',
          )
        }
        const beat = this.#beat('running')
        const desired = await api.heartbeat(registration.nodeId, beat)
        this.#parts.tests.acknowledge(beat.testResults)
        this.#reachable()
        attempt = 0
        unknownInARow = 0
        await this.#apply(desired)
        delay = interval
      } catch (error) {
        if (!(error instanceof ServerError)) throw error
        if (error.kind === 'fatal' || (error.kind === 'rejected' && !this.#registered))
          return { type: 'fatal', code: error.code, message: fatalMessage(error, registration.cluster) }
        if (error.kind === 'unknown-node') {
          this.#registered = false
          unknownInARow += 1
          log.warn(
            { nodeId: registration.nodeId },
            'the config server does not know this node (removed, or its data was reset); registering again',
          )
          delay = unknownInARow === 1 ? 0 : backoffDelay(this.#parts.retry ?? DEFAULT_RETRY, attempt++)
        } else {
          await this.#unreachable(error)
          delay = backoffDelay(this.#parts.retry ?? DEFAULT_RETRY, attempt++)
        }
      }
      await sleep(delay, signal)
    }
    return { type: 'stopped' }
  }

  /**
   * Drains every run within `deadlineMs`, then tells the server the node is `draining` (so its
   * singleton leases move at once instead of after they expire). Until the drain is over the node
   * sends no heartbeat, so its leases stay its own while its runs finish.
   */
  async shutdown(deadlineMs: number): Promise<void> {
    const { api, registration, reconciler, tests, log } = this.#parts
    await reconciler.stopAll(deadlineMs)
    await tests.settled()
    try {
      await api.heartbeat(registration.nodeId, this.#beat('draining'))
      log.info({ nodeId: registration.nodeId }, 'told the config server this node is draining')
    } catch (error) {
      log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'could not send the last heartbeat; the server will notice the node is gone when its lease expires',
      )
    }
  }

  #beat(state: Heartbeat['state']): Heartbeat {
    return {
      generation: this.#parts.reconciler.generation,
      state,
      startedAt: this.#startedAt,
      workflows: this.#parts.reconciler.statuses(),
      testResults: this.#parts.tests.results(),
    }
  }

  async #apply(desired: DesiredState): Promise<void> {
    this.#contacted = true
    this.#parts.tests.offer(desired.tests)
    try {
      await this.#parts.store.saveDesired(desired)
    } catch (error) {
      this.#parts.log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'could not cache the desired state; a restart while the server is away would not resume it',
      )
    }
    void this.#parts.reconciler.reconcile(desired, true)
  }

  #reachable(): void {
    const outage = this.#outage
    if (!outage) return
    this.#outage = undefined
    this.#parts.log.info(
      { downForMs: this.#now() - outage.since, attempts: outage.attempts },
      'the config server is reachable again',
    )
  }

  async #unreachable(error: ServerError): Promise<void> {
    if (this.#outage) {
      this.#outage.attempts += 1
      return
    }
    this.#outage = { since: this.#now(), attempts: 1 }
    this.#parts.log.warn(
      { code: error.code, error: error.message },
      error.kind === 'rejected'
        ? 'the config server refused a heartbeat; workflows keep running as last told; retrying with backoff'
        : 'the config server cannot be reached; workflows keep running as last told; retrying with backoff',
    )
    if (this.#contacted) return
    const cached = await this.#parts.store.loadDesired()
    if (!cached) return
    this.#parts.log.info(
      { workflows: cached.assignments.map((a) => `${a.deployment}/${a.workflow}`) },
      'resuming the cached desired state until the server answers',
    )
    this.#contacted = true
    void this.#parts.reconciler.reconcile(cached, false)
  }
}
