import { sourceSqs } from '@sluice/assets'
import { type ComponentStarter, starterOf } from '../runtime/components.ts'
import { defineSource, type Source, type SourceMetrics } from '../runtime/contracts.ts'
import { sqsApi } from './sqs/sqs-api.ts'
import { SqsSource } from './sqs/sqs-source.ts'

/** The `source.sqs` implementation over the connection's SQS client. */
export const sqsSource = defineSource(
  sourceSqs,
  (spec, context) => new SqsSource(spec, context, sqsApi(context.clients.sqs())),
)

/** Every source implementation, one per `source.*` asset kind. */
export const sourceStarters: readonly ComponentStarter<Source, SourceMetrics>[] = [starterOf(sqsSource)]
