import type { Bundle } from '@sluice/assets'
import type { Sink, Source } from '../runtime/contracts.ts'
import type { ComponentOverride } from '../runtime/runner/plan.ts'
import { type RunOptions, startWorkflow, type WorkflowRun } from '../runtime/runner/workflow-run.ts'

/** A bundle that holds only a workflow (and any extra assets), for fixtures. */
export function fixtureBundle(
  name: string,
  spec: unknown,
  extra: Partial<Pick<Bundle, 'assets' | 'variables' | 'build'>> = {},
): Bundle {
  return {
    id: 'fixture@1',
    deployment: 'fixture',
    version: 1,
    cluster: 'test',
    tag: 'fixture',
    createdAt: new Date(0).toISOString(),
    createdBy: 'test',
    workflows: [name],
    assets: [{ kind: 'workflow', name, requiredRoles: [], spec }, ...(extra.assets ?? [])],
    variables: extra.variables ?? {},
    build: extra.build ?? {},
  }
}

/** What a fixture's source and sink nodes are, by workflow node id. */
export interface FixtureComponents {
  readonly sources?: Readonly<Record<string, Source>>
  readonly sinks?: Readonly<Record<string, Sink>>
}

/**
 * Runs a tiny workflow whose source and sink nodes are test components (a synthetic source, a
 * capture sink), passed as overrides so no test kind enters the product's asset registry. Node
 * `asset` names in the spec are then not looked up.
 */
export function runFixture(
  spec: unknown,
  components: FixtureComponents,
  options: RunOptions = {},
): WorkflowRun {
  const overrides: Record<string, ComponentOverride> = { ...options.overrides }
  for (const [node, source] of Object.entries(components.sources ?? {}))
    overrides[node] = { source: () => source }
  for (const [node, sink] of Object.entries(components.sinks ?? {})) overrides[node] = { sink: () => sink }
  return startWorkflow(fixtureBundle('fixture', spec), 'fixture', { ...options, overrides })
}
