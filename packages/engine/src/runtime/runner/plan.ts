import {
  type Bundle,
  builtinRegistry,
  connectionAws,
  kindAccepted,
  referencesOf,
  resolveSpec,
  type StaticLookups,
  type WireAsset,
  workflow,
} from '@sluice/assets'
import type { ConnectionSpec } from '@sluice/aws'
import type { ComponentStarter } from '../components.ts'
import type { ComponentContext, Sink, SinkMetrics, Source, SourceMetrics } from '../contracts.ts'
import type { WorkflowSpec } from '../graph/network.ts'
import { type ConfigProblem, problemsOf } from './problems.ts'

/** The engine implementations a runner starts components with, by asset kind. */
export interface ComponentRegistry {
  readonly sources: ReadonlyMap<string, ComponentStarter<Source, SourceMetrics>>
  readonly sinks: ReadonlyMap<string, ComponentStarter<Sink, SinkMetrics>>
}

/** What an override gets: the usual context without AWS clients. */
export type OverrideContext<M> = Omit<ComponentContext, 'clients'> & { metrics: M }

/**
 * Replaces one workflow node's component (test fixtures, benchmarks): the node's asset is then not
 * looked up, so a fixture needs no asset of a test kind in the product's registry.
 */
export type ComponentOverride =
  | { readonly source: (context: OverrideContext<SourceMetrics>) => Source }
  | { readonly sink: (context: OverrideContext<SinkMetrics>) => Sink }

/** A source or sink node and how to make its component. */
export type PlannedComponent<C, M> =
  | { readonly node: string; readonly make: (context: OverrideContext<M>) => C }
  | {
      readonly node: string
      readonly asset: WireAsset
      readonly starter: ComponentStarter<C, M>
      /** The connection the asset uses, when it names one. */
      readonly connection: string | undefined
    }

/** A workflow ready to start: its resolved spec, its components, and its connections resolved. */
export interface WorkflowPlan {
  readonly spec: WorkflowSpec
  readonly sources: PlannedComponent<Source, SourceMetrics>[]
  readonly sinks: PlannedComponent<Sink, SinkMetrics>[]
  readonly connections: ReadonlyMap<string, ConnectionSpec>
}

/**
 * Resolves what a workflow of `bundle` needs before any component starts: the workflow's spec,
 * the asset and implementation of every source and sink node (or its override), and every
 * connection they use, chained ones included. Reports every problem at once.
 */
export function planWorkflow(
  bundle: Bundle,
  name: string,
  lookups: StaticLookups,
  registry: ComponentRegistry,
  overrides: Readonly<Record<string, ComponentOverride>>,
): { plan?: WorkflowPlan; problems: ConfigProblem[] } {
  const asset = bundle.assets.find((a) => a.kind === 'workflow' && a.name === name)
  if (!asset)
    return {
      problems: [
        {
          asset: `workflow/${name}`,
          path: '',
          code: 'ref.missing',
          message: `bundle ${bundle.id} holds no workflow "${name}"; it holds ${bundle.workflows.join(', ') || 'none'}`,
        },
      ],
    }
  const resolved = resolveSpec(workflow, asset.spec, lookups)
  if (!resolved.spec) return { problems: problemsOf(asset, resolved.issues) }
  const spec = resolved.spec
  const problems: ConfigProblem[] = []
  const sources: PlannedComponent<Source, SourceMetrics>[] = []
  const sinks: PlannedComponent<Sink, SinkMetrics>[] = []
  const connectionNames = new Set<string>()
  spec.nodes.forEach((node, index) => {
    if (node.type !== 'source' && node.type !== 'sink') return
    const override = overrides[node.id]
    if (override && 'source' in override && node.type === 'source') {
      sources.push({ node: node.id, make: override.source })
      return
    }
    if (override && 'sink' in override && node.type === 'sink') {
      sinks.push({ node: node.id, make: override.sink })
      return
    }
    const component = bundle.assets.find((a) => a.kind.startsWith(`${node.type}.`) && a.name === node.asset)
    if (!component) {
      problems.push({
        asset: `workflow/${name}`,
        path: `/spec/nodes/${index}/asset`,
        code: 'ref.missing',
        message: `no ${node.type} asset named "${node.asset}" in bundle ${bundle.id}`,
      })
      return
    }
    const connection = connectionOf(component)
    if (connection !== undefined) connectionNames.add(connection)
    if (node.type === 'source') {
      const starter = registry.sources.get(component.kind)
      if (starter) sources.push({ node: node.id, asset: component, starter, connection })
      else problems.push(noImplementation(component))
    } else {
      const starter = registry.sinks.get(component.kind)
      if (starter) sinks.push({ node: node.id, asset: component, starter, connection })
      else problems.push(noImplementation(component))
    }
  })
  const connections = resolveConnections(bundle, connectionNames, lookups, problems)
  if (problems.length > 0) return { problems }
  return { plan: { spec, sources, sinks, connections }, problems: [] }
}

function noImplementation(asset: WireAsset): ConfigProblem {
  return {
    asset: `${asset.kind}/${asset.name}`,
    path: '/kind',
    code: 'engine.no-implementation',
    message: `this engine has no implementation of "${asset.kind}"; upgrade the engine node or use another kind`,
  }
}

/** The connection an asset names in a field, if any. */
export function connectionOf(asset: WireAsset): string | undefined {
  return referencesOf(builtinRegistry, asset).find(
    (r) => r.via === 'field' && kindAccepted(r.kinds, 'connection.aws'),
  )?.name
}

/**
 * Resolves the named connections of a bundle and every connection they chain to (assume-role
 * sources), adding a problem for each one missing or not resolving.
 */
export function resolveConnections(
  bundle: Bundle,
  names: ReadonlySet<string>,
  lookups: StaticLookups,
  problems: ConfigProblem[],
): Map<string, ConnectionSpec> {
  const resolved = new Map<string, ConnectionSpec>()
  const queue = [...names]
  const seen = new Set(queue)
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const asset = bundle.assets.find((a) => a.kind === 'connection.aws' && a.name === name)
    if (!asset) {
      problems.push({
        asset: `connection.aws/${name}`,
        path: '',
        code: 'ref.missing',
        message: `no connection named "${name}" in bundle ${bundle.id}`,
      })
      continue
    }
    const result = resolveSpec(connectionAws, asset.spec, lookups)
    if (result.spec) resolved.set(name, result.spec)
    else problems.push(...problemsOf(asset, result.issues))
    for (const chained of referencesOf(builtinRegistry, asset)) {
      if (chained.via !== 'field' || !kindAccepted(chained.kinds, 'connection.aws') || seen.has(chained.name))
        continue
      seen.add(chained.name)
      queue.push(chained.name)
    }
  }
  return resolved
}
