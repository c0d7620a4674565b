import type { StaticLookups } from '@sluice/assets'
import { AwsConfigError } from '@sluice/aws'
import type { Logger, Sink, SinkMetrics, Source, SourceMetrics, StateStore } from '../contracts.ts'
import { ConfigError } from '../errors.ts'
import type { WorkflowMeter } from '../metrics/meter.ts'
import type { ClientPool } from './client-pool.ts'
import { childLogger } from './logger.ts'
import type { PlannedComponent, WorkflowPlan } from './plan.ts'
import type { ConfigProblem } from './problems.ts'
import { problemsOf } from './problems.ts'

/** The running components of one workflow start. */
export interface StartedComponents {
  readonly sources: ReadonlyMap<string, Source>
  readonly sinks: ReadonlyMap<string, Sink>
  /** Gives back the AWS clients taken for them. */
  release(): void
}

/** How starting went: the components, configuration problems, or a dependency that failed. */
export type StartOutcome =
  | { readonly components: StartedComponents }
  | { readonly problems: ConfigProblem[] }
  | { readonly dependency: Error }

export interface StartContext {
  readonly workflow: string
  readonly lookups: StaticLookups
  readonly pool: ClientPool
  /** False when the cluster forbids ambient identities (default chain, instance role, web identity). */
  readonly allowAmbient: boolean
  readonly meter: WorkflowMeter
  readonly log: Logger
  readonly state: StateStore
  readonly signal: AbortSignal
}

/**
 * Starts every source and sink of a plan through the registry's `start` (or the node's override),
 * with the shared clients of its connection. A spec that does not resolve or a connection that
 * cannot be served is a configuration problem; any other failure is a dependency failure. On
 * failure, whatever was started is stopped again.
 */
export function startComponents(plan: WorkflowPlan, context: StartContext): StartOutcome {
  const sources = new Map<string, Source>()
  const sinks = new Map<string, Sink>()
  const leases: string[] = []
  const problems: ConfigProblem[] = []
  const release = () => {
    for (const key of leases.splice(0)) context.pool.release(key)
  }
  const start = <C, M>(planned: PlannedComponent<C, M>, metrics: M): C | undefined => {
    const base = {
      workflow: context.workflow,
      node: planned.node,
      log: childLogger(context.log, { workflow: context.workflow, node: planned.node }),
      state: context.state,
      signal: context.signal,
      metrics,
    }
    if ('make' in planned) return planned.make({ ...base, asset: planned.node })
    const { asset, connection } = planned
    if (connection === undefined) {
      problems.push({
        asset: `${asset.kind}/${asset.name}`,
        path: '/spec/connection',
        code: 'engine.no-connection',
        message: 'the asset names no AWS connection',
      })
      return undefined
    }
    let clients: ReturnType<ClientPool['acquire']>
    try {
      clients = context.pool.acquire(connection, plan.connections, context.allowAmbient)
    } catch (error) {
      const problem = configProblemOf(error, `connection.aws/${connection}`)
      if (!problem) throw error
      problems.push(problem)
      return undefined
    }
    leases.push(clients.key)
    try {
      const started = planned.starter.start(asset.spec, context.lookups, {
        ...base,
        asset: asset.name,
        clients: clients.clients,
      })
      if (started.component === undefined) problems.push(...problemsOf(asset, started.issues))
      return started.component
    } catch (error) {
      const problem = configProblemOf(error, `${asset.kind}/${asset.name}`)
      if (!problem) throw error
      problems.push(problem)
      return undefined
    }
  }
  try {
    for (const planned of plan.sinks) {
      const sink = start<Sink, SinkMetrics>(planned, context.meter.sinkMetrics(planned.node))
      if (sink) sinks.set(planned.node, sink)
    }
    const caughtUp = () => {
      for (const sink of sinks.values()) sink.sourcesCaughtUp?.()
    }
    for (const planned of plan.sources) {
      const source = start<Source, SourceMetrics>(
        planned,
        context.meter.sourceMetrics(planned.node, caughtUp),
      )
      if (source) sources.set(planned.node, source)
    }
  } catch (error) {
    abandon(sources, sinks, context.log)
    release()
    return { dependency: error instanceof Error ? error : new Error(String(error)) }
  }
  if (problems.length > 0) {
    abandon(sources, sinks, context.log)
    release()
    return { problems }
  }
  return { components: { sources, sinks, release } }
}

function abandon(sources: ReadonlyMap<string, Source>, sinks: ReadonlyMap<string, Sink>, log: Logger): void {
  const report = (error: unknown) => log.warn({ error: String(error) }, 'a component failed to stop')
  for (const source of sources.values()) source.stop().catch(report)
  for (const sink of sinks.values()) sink.close().catch(report)
}

function configProblemOf(error: unknown, asset: string): ConfigProblem | undefined {
  if (error instanceof ConfigError)
    return { asset: error.asset ?? asset, path: error.path, code: error.code, message: error.message }
  if (error instanceof AwsConfigError)
    return { asset, path: error.path, code: error.code, message: error.message }
  return undefined
}
