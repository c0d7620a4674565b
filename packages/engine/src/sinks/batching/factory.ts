import type { Sink } from '../../runtime/contracts.ts'
import { type BatchingContext, BatchingSink } from './batching-sink.ts'
import type { Scheduler } from './scheduler.ts'
import type { BatchingSettings, BatchService } from './types.ts'

/** Dependencies of a batching sink: its service client (a fake in unit tests) and the clock. */
export interface BatchingSinkDeps<C> {
  readonly client: C
  readonly scheduler?: Scheduler
}

/** The create function of a batching sink, from the function that makes its service. */
export function batchingSinkFactory<S extends BatchingSettings, C, P>(
  service: (spec: S, client: C) => BatchService<P>,
): (spec: S, context: BatchingContext, deps: BatchingSinkDeps<C>) => Sink {
  return (spec, context, deps) => new BatchingSink(service(spec, deps.client), spec, context, deps.scheduler)
}
