import { Type } from 'typebox'
import { streamArn } from '../iam/arn.ts'
import { defineAssetType } from '../spec/define.ts'
import { batching, connectionRef, maxInFlight, retry, template } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const STREAM_NAME = '[A-Za-z0-9_.-]{1,128}'

/** Puts messages on a Kinesis data stream in batches. */
export const sinkKinesis = defineAssetType({
  kind: 'sink.kinesis',
  category: 'sink',
  title: 'Kinesis sink',
  summary:
    'Puts each message on a Kinesis data stream, up to 500 records or 5 MiB a call, keyed per message.',
  spec: Type.Object(
    {
      connection: connectionRef(),
      stream: Type.String({
        description: "Stream name in the connection's account and region, or a stream ARN.",
        pattern: `^(${STREAM_NAME}|arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/${STREAM_NAME})$`,
        ...ui({ listing: 'streams', placeholder: 'orders' }),
      }),
      partitionKey: template(
        'Partition key of each record, rendered per message; records with the same key keep their order on one shard. Pick a field that spreads load, e.g. `${msg:body.customerId}`; at most 256 characters.',
        { minLength: 1, maxLength: 256 },
      ),
      explicitHashKey: Type.Optional(
        template(
          'Decimal 128-bit hash key that picks the shard directly, overriding the hash of the partition key; rendered per message.',
          { pattern: '^\\d{1,39}$' },
        ),
      ),
      batching: batching({ maxEntries: 500, maxBytes: 5_242_880 }),
      maxInFlight: maxInFlight(
        'PutRecords calls in flight at once. Each record may hold at most 1 MiB with its key; larger ones fail permanently.',
        4,
      ),
      retry: retry(),
    },
    { additionalProperties: false },
  ),
  ports: { inputs: 1, outputs: 0 },
  iam: (spec, ctx) => [
    {
      Effect: 'Allow',
      Action: ['kinesis:PutRecords', 'kinesis:PutRecord', 'kinesis:DescribeStreamSummary'],
      Resource: [streamArn(ctx, spec.stream)],
    },
  ],
  examples: [
    {
      title: 'Orders keyed by customer',
      yaml: `kind: sink.kinesis
name: order-stream
spec:
  connection: aws-prod
  stream: \${lay:ORDER_STREAM}
  partitionKey: \${msg:body.customerId}
`,
    },
    {
      title: 'Clickstream by session, with a longer linger for fuller batches',
      yaml: `kind: sink.kinesis
name: clicks
spec:
  connection: aws-prod
  stream: arn:aws:kinesis:eu-central-1:123456789012:stream/clickstream
  partitionKey: \${msg:body.sessionId:-anonymous}
  batching: { lingerMs: 200 }
  maxInFlight: 8
`,
    },
  ],
})
