import type { ComponentStarter } from '../runtime/components.ts'
import type { Sink, SinkMetrics } from '../runtime/contracts.ts'

/** Every sink implementation, one per `sink.*` asset kind. */
export const sinkStarters: readonly ComponentStarter<Sink, SinkMetrics>[] = []
