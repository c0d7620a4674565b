import type { Assignment, Bundle, DesiredState, WorkflowState, WorkflowStatus } from '@sluice/assets'
import type { Logger } from '../runtime/contracts.ts'
import { WorkflowMeter } from '../runtime/metrics/meter.ts'
import type { RunMetrics } from '../runtime/metrics/prometheus.ts'

/** What the reconciler needs of a running workflow; `WorkflowRun` is one. */
export interface RunHandle {
  readonly state: WorkflowState
  status(): WorkflowStatus
  metrics(): RunMetrics
  /** Drains within `deadlineMs` and stops; safe to call more than once. */
  stop(deadlineMs: number): Promise<void>
}

export interface ReconcilerParts {
  /**
   * Starts `workflow` of `bundle` (its state tells how the start went); `allowAmbient` is the
   * cluster's ambient-identity switch from the desired state.
   */
  start(bundle: Bundle, workflow: string, allowAmbient: boolean): RunHandle
  /** The bundle an assignment names, from the disk cache or the server; rejects when unavailable. */
  bundle(bundleId: string): Promise<Bundle>
  /** Drain deadline of a run that is no longer assigned. */
  drainMs: number
  log: Logger
  now?: () => number
}

interface Slot {
  readonly key: string
  assignment: Assignment
  /** The cluster's ambient-identity switch the run was started under. */
  allowAmbient?: boolean
  run?: RunHandle
  /** Why there is no run: its bundle could not be had. */
  waiting?: WorkflowStatus
  stopping?: Promise<void>
}

const keyOf = (a: Pick<Assignment, 'deployment' | 'workflow'>) => `${a.deployment}/${a.workflow}`

/**
 * Whether an assignment may run now. Singleton work runs while its lease is valid; while the config
 * server cannot be reached it keeps running on the last lease it was given, even past its expiry:
 * a server outage must not stop S3 polling cluster-wide. The price is that a partition cutting off
 * only this node lets the server move the lease, so two nodes may poll until this one reconnects
 * and is told to stop; S3 sources commit per object, so that costs duplicates, never losses.
 * The lease time is the server's and is compared with this node's clock: keep clocks in sync.
 */
export function mayRun(assignment: Assignment, connected: boolean, now: number): boolean {
  if (!assignment.singleton || !connected || assignment.leaseExpiresAt === undefined) return true
  return Date.parse(assignment.leaseExpiresAt) > now
}

/**
 * Makes what runs on the node match the desired state: starts assignments not running, drains and
 * stops runs no longer assigned, restarts a run whose bundle version changed once its old run has
 * stopped. A `failed-config` run stays as it is (reported, not retried) until its bundle changes;
 * a `failed-dependency` run retries by itself with backoff. Passes run one at a time, and desired
 * states that arrive during a pass are folded into one more pass with the latest of them.
 */
export class Reconciler {
  readonly #parts: ReconcilerParts
  readonly #slots = new Map<string, Slot>()
  readonly #now: () => number
  #latest: { desired: DesiredState; connected: boolean } | undefined
  #queue: Promise<void> = Promise.resolve()
  /** A pass is queued and not started yet: it will read the latest desired state, so one is enough. */
  #waiting = false
  #generation = 0
  #closed = false

  constructor(parts: ReconcilerParts) {
    this.#parts = parts
    this.#now = parts.now ?? Date.now
  }

  /** The generation of the last desired state fully reconciled: every unassigned run stopped. */
  get generation(): number {
    return this.#generation
  }

  /** Forgets the reconciled generation, after (re-)registering with a server that counts afresh. */
  resetGeneration(): void {
    this.#generation = 0
  }

  /** Reconciles to `desired`; `connected` says it came from the server just now (not the disk cache). */
  reconcile(desired: DesiredState, connected: boolean): Promise<void> {
    this.#latest = { desired, connected }
    return this.#schedule()
  }

  /** The cluster's ambient-identity switch in the latest desired state (allowed when it says nothing). */
  get allowAmbient(): boolean {
    return this.#latest?.desired.allowAmbient ?? true
  }

  /** The status of every run and of every assignment waiting for its bundle. */
  statuses(): WorkflowStatus[] {
    return [...this.#slots.values()].flatMap((slot) =>
      slot.run ? [slot.run.status()] : slot.waiting ? [slot.waiting] : [],
    )
  }

  metrics(): RunMetrics[] {
    return [...this.#slots.values()].flatMap((slot) => (slot.run ? [slot.run.metrics()] : []))
  }

  /** Drains every run within `deadlineMs`; nothing starts afterwards. */
  async stopAll(deadlineMs: number): Promise<void> {
    this.#closed = true
    for (const slot of this.#slots.values()) this.#stop(slot, deadlineMs, 'the node is stopping')
    await this.#queue
    for (const slot of this.#slots.values()) this.#stop(slot, deadlineMs, 'the node is stopping')
    await Promise.all([...this.#slots.values()].map((slot) => slot.stopping))
  }

  #schedule(): Promise<void> {
    if (this.#waiting) return this.#queue
    this.#waiting = true
    const pass = this.#queue.then(() => {
      this.#waiting = false
      return this.#pass()
    })
    this.#queue = pass.catch((error: unknown) =>
      this.#parts.log.error({ error: String(error) }, 'reconciling failed'),
    )
    return this.#queue
  }

  async #pass(): Promise<void> {
    const latest = this.#latest
    if (this.#closed || !latest) return
    const now = this.#now()
    const wanted = new Map<string, Assignment>()
    for (const assignment of latest.desired.assignments)
      if (mayRun(assignment, latest.connected, now) && !wanted.has(keyOf(assignment)))
        wanted.set(keyOf(assignment), assignment)
    for (const slot of this.#slots.values()) {
      const want = wanted.get(slot.key)
      if (!want) this.#stop(slot, this.#parts.drainMs, 'no longer assigned to this node')
      else if (want.bundleId !== slot.assignment.bundleId)
        this.#stop(slot, this.#parts.drainMs, `${want.bundleId} replaces ${slot.assignment.bundleId}`)
      else if (slot.run && slot.allowAmbient !== this.allowAmbient)
        this.#stop(slot, this.#parts.drainMs, "the cluster's ambient-identity switch changed")
      else slot.assignment = want
    }
    for (const [key, assignment] of wanted) {
      const slot = this.#slots.get(key)
      if (slot?.run || slot?.stopping) continue
      await this.#start(key, assignment)
    }
    if (![...this.#slots.values()].some((slot) => slot.stopping))
      this.#generation = Math.max(this.#generation, latest.desired.generation)
  }

  async #start(key: string, assignment: Assignment): Promise<void> {
    let bundle: Bundle
    try {
      bundle = await this.#parts.bundle(assignment.bundleId)
    } catch (error) {
      const reason = `bundle ${assignment.bundleId} is not available: ${error instanceof Error ? error.message : String(error)}`
      const before = this.#slots.get(key)?.waiting
      if (before?.reason !== reason) this.#parts.log.warn({ workflow: key }, reason)
      this.#slots.set(key, { key, assignment, waiting: waitingStatus(assignment, reason, before) })
      return
    }
    if (this.#closed) return
    const allowAmbient = this.allowAmbient
    const run = this.#parts.start(bundle, assignment.workflow, allowAmbient)
    this.#slots.set(key, { key, assignment, allowAmbient, run })
    this.#parts.log.info(
      { workflow: key, bundle: bundle.id, state: run.state, singleton: assignment.singleton },
      'started workflow',
    )
  }

  #stop(slot: Slot, deadlineMs: number, why: string): void {
    if (slot.stopping) return
    const run = slot.run
    if (!run) {
      this.#slots.delete(slot.key)
      return
    }
    this.#parts.log.info({ workflow: slot.key, bundle: slot.assignment.bundleId, why }, 'stopping workflow')
    slot.stopping = run
      .stop(deadlineMs)
      .catch((error: unknown) =>
        this.#parts.log.error({ workflow: slot.key, error: String(error) }, 'stopping failed'),
      )
      .finally(() => {
        if (this.#slots.get(slot.key) === slot) this.#slots.delete(slot.key)
        this.#parts.log.info({ workflow: slot.key, bundle: slot.assignment.bundleId }, 'workflow stopped')
        void this.#schedule()
      })
  }
}

function waitingStatus(
  assignment: Assignment,
  reason: string,
  before: WorkflowStatus | undefined,
): WorkflowStatus {
  return {
    deployment: assignment.deployment,
    version: assignment.version,
    workflow: assignment.workflow,
    state: 'failed-dependency',
    reason,
    since: before?.reason === reason ? before.since : new Date().toISOString(),
    metrics: new WorkflowMeter().snapshot(),
    objects: [],
    recentErrors: [],
  }
}
