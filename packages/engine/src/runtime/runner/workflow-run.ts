import type { Bundle, WorkflowState, WorkflowStatus } from '@sluice/assets'
import type { Keyring } from '@sluice/secrets'
import { engineRegistry } from '../../registry.ts'
import type { Logger, StateStore } from '../contracts.ts'
import { compileExpression, type ExpressionCompiler } from '../expression/expression.ts'
import { Network } from '../graph/network.ts'
import type { NodeCounters } from '../metrics/counters.ts'
import { WorkflowMeter } from '../metrics/meter.ts'
import type { RunMetrics } from '../metrics/prometheus.ts'
import { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
import { ClientPool } from './client-pool.ts'
import { drain } from './drain.ts'
import type { EnvAllowlist } from './env-allow.ts'
import { silentLogger } from './logger.ts'
import { bundleLookups } from './lookups.ts'
import { type ComponentOverride, type ComponentRegistry, planWorkflow } from './plan.ts'
import { type ConfigProblem, formatProblems } from './problems.ts'
import { type StartedComponents, startComponents } from './start-components.ts'
import { memoryStateStore } from './state-store.ts'

/** How an engine node runs a workflow. Everything is optional; tests inject what they need. */
export interface RunOptions {
  /** The node's private keys, for `${sec:...}`. */
  readonly keyring?: Keyring | undefined
  /** The process environment `env:` reads (default `process.env`), within `envAllow`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly envAllow?: EnvAllowlist
  /** The AWS clients of the node, shared across workflows (default: a pool of this run's own). */
  readonly pool?: ClientPool
  /**
   * Whether connections may use the host's ambient identity (default true). With a shared pool
   * that already refuses them, they stay refused.
   */
  readonly allowAmbient?: boolean
  readonly registry?: ComponentRegistry
  /** Components that replace workflow nodes by id (test fixtures, benchmarks). */
  readonly overrides?: Readonly<Record<string, ComponentOverride>>
  readonly log?: Logger
  /** Durable state of this workflow (checkpoints); default in memory. */
  readonly state?: StateStore
  readonly compile?: ExpressionCompiler
  /** Restart delays after a dependency failure. */
  readonly backoff?: Backoff
  /** How long a restart after a dependency failure waits for in-flight messages (default 5 s). */
  readonly restartDrainMs?: number
}

interface Active {
  readonly network: Network
  readonly components: StartedComponents
  readonly controller: AbortController
}

/**
 * One workflow of one bundle on this node. States: `starting`, `running`, `draining` (stopping),
 * `stopped`, `failed-config` (its assets, macros or secrets do not resolve: `reason` names the
 * asset, path and code; not retried) and `failed-dependency` (an AWS resource or credential is
 * unavailable: its messages are released and it restarts with capped exponential backoff).
 */
export class WorkflowRun {
  readonly bundle: Bundle
  readonly workflow: string
  readonly meter = new WorkflowMeter()
  private currentState: WorkflowState = 'starting'
  private reason: string | undefined
  private since = new Date()
  private configProblems: ConfigProblem[] = []
  private active: Active | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private attempt = 0
  private deliveredAtStart = 0
  private stopRequested = false
  private restarting: Promise<void> | undefined
  private stopping: Promise<void> | undefined
  private readonly stateStore: StateStore
  private readonly options: RunOptions
  private readonly pool: ClientPool
  private readonly log: Logger
  private readonly listeners = new Set<(state: WorkflowState) => void>()

  constructor(bundle: Bundle, workflow: string, options: RunOptions = {}) {
    this.bundle = bundle
    this.workflow = workflow
    this.options = options
    this.pool = options.pool ?? new ClientPool()
    this.log = options.log ?? silentLogger
    this.stateStore = options.state ?? memoryStateStore()
  }

  get state(): WorkflowState {
    return this.currentState
  }

  /** The configuration problems of a `failed-config` run. */
  get problems(): readonly ConfigProblem[] {
    return this.configProblems
  }

  /** Messages emitted by the sources and not yet settled. */
  get inFlight(): number {
    return this.active?.network.inFlight ?? 0
  }

  /** Calls `listener` on every state change; returns a function that stops it. */
  onState(listener: (state: WorkflowState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts the workflow; on return `state` is `running`, `failed-config` or `failed-dependency`. */
  start(): void {
    this.stopRequested = false
    this.attemptStart()
  }

  status(): WorkflowStatus {
    return {
      deployment: this.bundle.deployment,
      version: this.bundle.version,
      workflow: this.workflow,
      state: this.currentState,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      since: this.since.toISOString(),
      metrics: this.meter.snapshot(),
      objects: this.meter.objects(),
      recentErrors: this.meter.recentErrors(),
    }
  }

  nodeMetrics(): NodeCounters[] {
    return this.meter.nodeCounters()
  }

  /** Everything the Prometheus exposition shows of this run. */
  metrics(): RunMetrics {
    const { sumMs, count } = this.meter.latency
    return { status: this.status(), nodes: this.nodeMetrics(), latency: { sumMs, count } }
  }

  /**
   * Drains and stops: sources stop pulling, sinks flush, in-flight messages settle; at the
   * deadline what is left is nacked; then everything is closed. Safe to call in any state.
   */
  stop(deadlineMs = 30_000): Promise<void> {
    this.stopping ??= this.drainAndStop(deadlineMs).finally(() => {
      this.stopping = undefined
    })
    return this.stopping
  }

  private async drainAndStop(deadlineMs: number): Promise<void> {
    this.stopRequested = true
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    if (this.restarting) await this.restarting
    const active = this.active
    if (active) {
      this.setState('draining', undefined)
      const report = await this.close(active, deadlineMs)
      if (report.nacked > 0)
        this.log.warn(
          { workflow: this.workflow, nacked: report.nacked },
          'drain deadline reached; released the rest',
        )
    }
    if (this.currentState !== 'failed-config') this.setState('stopped', 'stopped on request')
  }

  private attemptStart(): void {
    if (this.stopRequested) return
    this.setState('starting', undefined)
    const { lookups, secretProblems } = bundleLookups(this.bundle, {
      keyring: this.options.keyring,
      env: this.options.env ?? process.env,
      ...(this.options.envAllow ? { envAllow: this.options.envAllow } : {}),
    })
    const registry = this.options.registry ?? engineRegistry
    const { plan, problems } = planWorkflow(
      this.bundle,
      this.workflow,
      lookups,
      registry,
      this.options.overrides ?? {},
    )
    if (!plan) {
      this.failConfig(problems, secretProblems)
      return
    }
    const controller = new AbortController()
    const outcome = startComponents(plan, {
      workflow: this.workflow,
      lookups,
      pool: this.pool,
      allowAmbient: this.options.allowAmbient ?? true,
      meter: this.meter,
      log: this.log,
      state: this.stateStore,
      signal: controller.signal,
    })
    if ('problems' in outcome) {
      this.failConfig(outcome.problems, secretProblems)
      return
    }
    if ('dependency' in outcome) {
      this.failDependency('start', outcome.dependency, undefined)
      return
    }
    let active: Active | undefined
    const network = new Network({
      workflow: this.workflow,
      spec: plan.spec,
      sources: outcome.components.sources,
      sinks: outcome.components.sinks,
      meter: this.meter,
      compile: this.options.compile ?? ((source) => compileExpression(source)),
      onSourceError: (node, error) =>
        this.failDependency(node, error instanceof Error ? error : new Error(String(error)), active),
      onDependencyFailure: (node, error) => this.failDependency(node, error, active),
    })
    active = { network, components: outcome.components, controller }
    this.active = active
    this.deliveredAtStart = this.meter.out
    this.setState('running', undefined)
    network.start()
  }

  private failConfig(problems: ConfigProblem[], secretProblems: ReadonlyMap<string, ConfigProblem>): void {
    const shadowed = (p: ConfigProblem) =>
      p.code === 'macro.missing' &&
      [...secretProblems.keys()].some((name) => p.message.startsWith(`\${sec:${name}}`))
    this.configProblems = [...problems.filter((p) => !shadowed(p)), ...secretProblems.values()]
    this.setState('failed-config', formatProblems(this.configProblems))
    this.log.error(
      { workflow: this.workflow, problems: this.configProblems },
      'workflow configuration does not resolve',
    )
  }

  /** `active` is the run the failure came from; a late failure from one already closed is ignored. */
  private failDependency(node: string, error: Error, active: Active | undefined): void {
    if (this.stopRequested || this.restarting || active !== this.active) return
    this.setState('failed-dependency', `${node}: ${error.message}`)
    this.log.warn(
      { workflow: this.workflow, node, error: error.message },
      'a dependency failed; restarting with backoff',
    )
    if (this.meter.out > this.deliveredAtStart) this.attempt = 0
    const delay = backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.attempt)
    this.attempt += 1
    const restart = async () => {
      if (active) await this.close(active, this.options.restartDrainMs ?? 5_000)
      if (this.stopRequested) return
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined
        this.attemptStart()
      }, delay)
    }
    const pending: Promise<void> = restart().finally(() => {
      if (this.restarting === pending) this.restarting = undefined
    })
    this.restarting = pending
  }

  private async close(active: Active, deadlineMs: number) {
    const { network, components, controller } = active
    const report = await drain(
      network,
      [...components.sources.values()],
      [...components.sinks.values()],
      deadlineMs,
    )
    controller.abort()
    components.release()
    if (this.active === active) this.active = undefined
    return report
  }

  private setState(state: WorkflowState, reason: string | undefined): void {
    if (state === this.currentState && reason === this.reason) return
    this.currentState = state
    this.reason = reason
    this.since = new Date()
    for (const listener of this.listeners) listener(state)
  }
}

/** Creates and starts a run of `workflow` from `bundle`; inspect `state` for how the start went. */
export function startWorkflow(bundle: Bundle, workflow: string, options: RunOptions = {}): WorkflowRun {
  const run = new WorkflowRun(bundle, workflow, options)
  run.start()
  return run
}
