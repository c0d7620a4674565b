import { sourceS3, sourceSqs } from '@sluice/assets'
import { type ComponentStarter, starterOf } from '../runtime/components.ts'
import { defineSource, type Source, type SourceMetrics } from '../runtime/contracts.ts'
import { s3Api } from './s3/s3-api.ts'
import { S3Source } from './s3/s3-source.ts'
import { sqsApi } from './sqs/sqs-api.ts'
import { SqsSource } from './sqs/sqs-source.ts'

/** The `source.sqs` implementation over the connection's SQS client. */
export const sqsSource = defineSource(
  sourceSqs,
  (spec, context) => new SqsSource(spec, context, sqsApi(context.clients.sqs())),
)

/** The `source.s3` implementation over the connection's S3 client (and SQS client for notifications). */
export const s3Source = defineSource(
  sourceS3,
  (spec, context) =>
    new S3Source(spec, context, {
      s3: s3Api(context.clients.s3()),
      sqs: () => sqsApi(context.clients.sqs()),
    }),
)

/** Every source implementation, one per `source.*` asset kind. */
export const sourceStarters: readonly ComponentStarter<Source, SourceMetrics>[] = [
  starterOf(s3Source),
  starterOf(sqsSource),
]
