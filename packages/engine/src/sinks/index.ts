import { type ComponentStarter, starterOf } from '../runtime/components.ts'
import type { Sink, SinkMetrics } from '../runtime/contracts.ts'
import { eventBridgeSink } from './eventbridge/eventbridge-sink.ts'
import { kinesisSink } from './kinesis/kinesis-sink.ts'
import { s3Sink } from './s3/s3-sink.ts'
import { snsSink } from './sns/sns-sink.ts'
import { sqsSink } from './sqs/sqs-sink.ts'

/** Every sink implementation, one per `sink.*` asset kind. */
export const sinkStarters: readonly ComponentStarter<Sink, SinkMetrics>[] = [
  starterOf(s3Sink),
  starterOf(snsSink),
  starterOf(sqsSink),
  starterOf(kinesisSink),
  starterOf(eventBridgeSink),
]
