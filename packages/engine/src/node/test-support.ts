import type {
  Assignment,
  Bundle,
  DesiredState,
  Heartbeat,
  NodeRegistered,
  NodeRegistration,
  WorkflowState,
  WorkflowStatus,
} from '@sluice/assets'
import type { Logger } from '../runtime/contracts.ts'
import { WorkflowMeter } from '../runtime/metrics/meter.ts'
import type { RunMetrics } from '../runtime/metrics/prometheus.ts'
import { fixtureBundle } from '../testing/fixture.ts'
import type { RunHandle } from './reconciler.ts'
import { type ServerApi, ServerError } from './server-api.ts'

/** A log entry a {@link recordingLogger} kept. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  fields: object
}

/** A logger that keeps every entry, for assertions on what was logged and how often. */
export function recordingLogger(): Logger & { entries: LogEntry[]; count(message: RegExp): number } {
  const entries: LogEntry[] = []
  const at = (level: LogEntry['level']) => (fields: object, message: string) => {
    entries.push({ level, message, fields })
  }
  return {
    entries,
    count: (message) => entries.filter((e) => message.test(e.message)).length,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  }
}

/** A scripted run: its state is set by the test; `stop` resolves when the test releases it. */
export class FakeRun implements RunHandle {
  readonly bundle: Bundle
  readonly workflow: string
  state: WorkflowState
  stopDeadlines: number[] = []
  #release: (() => void) | undefined
  #stopping: Promise<void> | undefined
  readonly #holdStop: boolean

  constructor(bundle: Bundle, workflow: string, options: { state?: WorkflowState; holdStop?: boolean } = {}) {
    this.bundle = bundle
    this.workflow = workflow
    this.state = options.state ?? 'running'
    this.#holdStop = options.holdStop ?? false
  }

  status(): WorkflowStatus {
    return {
      deployment: this.bundle.deployment,
      version: this.bundle.version,
      workflow: this.workflow,
      state: this.state,
      since: new Date(0).toISOString(),
      metrics: new WorkflowMeter().snapshot(),
      objects: [],
      recentErrors: [],
    }
  }

  metrics(): RunMetrics {
    return { status: this.status(), nodes: [], latency: { sumMs: 0, count: 0 } }
  }

  stop(deadlineMs: number): Promise<void> {
    this.stopDeadlines.push(deadlineMs)
    if (this.state !== 'failed-config') this.state = 'draining'
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#release = () => {
        if (this.state === 'draining') this.state = 'stopped'
        resolve()
      }
      if (!this.#holdStop) this.#release()
    })
    return this.#stopping
  }

  /** Lets a held stop finish. */
  releaseStop(): void {
    this.#release?.()
  }
}

/** A bundle `<deployment>@<version>` of cluster `test` holding `workflows`. */
export function testBundle(deployment: string, version: number, workflows: readonly string[]): Bundle {
  const base = fixtureBundle(workflows[0] ?? 'none', { nodes: [], links: [] })
  return {
    ...base,
    id: `${deployment}@${version}`,
    deployment,
    version,
    workflows: [...workflows],
    assets: workflows.map((name) => ({ kind: 'workflow', name, requiredRoles: [], spec: {} })),
  }
}

export function assignment(
  deployment: string,
  version: number,
  workflow: string,
  extra: Partial<Pick<Assignment, 'singleton' | 'leaseExpiresAt'>> = {},
): Assignment {
  return {
    deployment,
    version,
    bundleId: `${deployment}@${version}`,
    workflow,
    singleton: extra.singleton ?? false,
    ...(extra.leaseExpiresAt === undefined ? {} : { leaseExpiresAt: extra.leaseExpiresAt }),
  }
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * A config server in memory speaking the node protocol: it answers heartbeats with `desired`,
 * serves `bundles`, records every call, and can be taken down, made to forget nodes or to refuse
 * the token.
 */
export class FakeServer implements ServerApi {
  desired: DesiredState = { generation: 1, assignments: [], tests: [] }
  readonly bundles = new Map<string, Bundle>()
  readonly registrations: NodeRegistration[] = []
  readonly heartbeats: Heartbeat[] = []
  readonly known = new Set<string>()
  heartbeatIntervalMs = 20
  down = false
  revoked = false

  async register(registration: NodeRegistration): Promise<NodeRegistered> {
    this.#gate()
    this.registrations.push(registration)
    this.known.add(registration.nodeId)
    return { nodeId: registration.nodeId, heartbeatIntervalMs: this.heartbeatIntervalMs, lateAfterMs: 60 }
  }

  async heartbeat(nodeId: string, beat: Heartbeat): Promise<DesiredState> {
    this.#gate()
    if (!this.known.has(nodeId))
      throw new ServerError('unknown-node', 'node.unknown', `node "${nodeId}" is not registered`, 404)
    this.heartbeats.push(beat)
    return this.desired
  }

  async bundle(bundleId: string): Promise<Bundle> {
    this.#gate()
    const bundle = this.bundles.get(bundleId)
    if (!bundle) throw new ServerError('rejected', 'bundle.not-found', `no bundle ${bundleId}`, 404)
    return bundle
  }

  #gate(): void {
    if (this.down) throw new ServerError('unreachable', 'server.unreachable', 'connection refused')
    if (this.revoked) throw new ServerError('fatal', 'auth.token-revoked', 'this token was revoked', 401)
  }
}
