import type { ComponentStarter } from './runtime/components.ts'
import type { Sink, SinkMetrics, Source, SourceMetrics } from './runtime/contracts.ts'
import type { ComponentRegistry } from './runtime/runner/plan.ts'
import { sinkStarters } from './sinks/index.ts'
import { sourceStarters } from './sources/index.ts'

/** The engine implementation of each source kind. */
export const sources: ReadonlyMap<string, ComponentStarter<Source, SourceMetrics>> = new Map(
  sourceStarters.map((s) => [s.kind, s]),
)

/** The engine implementation of each sink kind. */
export const sinks: ReadonlyMap<string, ComponentStarter<Sink, SinkMetrics>> = new Map(
  sinkStarters.map((s) => [s.kind, s]),
)

/** The implementations a workflow run starts components with. */
export const engineRegistry: ComponentRegistry = { sources, sinks }
