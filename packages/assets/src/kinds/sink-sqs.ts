import { Type } from 'typebox'
import { queueArn, queueNameOf } from '../iam/arn.ts'
import { type Issue, issue } from '../issues.ts'
import { isMacroText } from '../spec/authored.ts'
import { defineAssetType } from '../spec/define.ts'
import {
  batching,
  connectionRef,
  dedupStrategy,
  duplicateAttributeIssues,
  fifoGroupId,
  fifoIssues,
  integer,
  maxInFlight,
  messageAttributes,
  retry,
  sqsQueue,
} from '../spec/fields.ts'

/** Sends messages to an SQS queue in batches. */
export const sinkSqs = defineAssetType({
  kind: 'sink.sqs',
  category: 'sink',
  title: 'SQS sink',
  summary: 'Sends each message to an SQS queue, ten to a call, with attributes, delay and FIFO ids.',
  spec: Type.Object(
    {
      connection: connectionRef(),
      queue: sqsQueue('The queue to send to.'),
      messageAttributes: messageAttributes(['String', 'Number', 'Binary']),
      delaySeconds: integer(
        'Seconds each message stays invisible after it is sent; standard queues only.',
        0,
        900,
        0,
        { widget: 'duration' },
      ),
      messageGroupId: fifoGroupId(),
      deduplication: dedupStrategy(),
      batching: batching({ maxEntries: 10, maxBytes: 1_048_576, defaultBytes: 262_144 }),
      maxInFlight: maxInFlight('SendMessageBatch calls in flight at once.', 16),
      retry: retry(),
    },
    { additionalProperties: false },
  ),
  ports: { inputs: 1, outputs: 0 },
  rules: (spec) => {
    const fifo = isMacroText(spec.queue) ? undefined : queueNameOf(spec.queue).endsWith('.fifo')
    const delayed = typeof spec.delaySeconds === 'number' && spec.delaySeconds > 0
    const delayIssues: Issue[] =
      fifo === true && delayed
        ? [
            issue(
              'rule.violation',
              ['delaySeconds'],
              "FIFO queues take no per-message delay; set the queue's own delivery delay instead",
            ),
          ]
        : []
    return [
      ...duplicateAttributeIssues(spec.messageAttributes),
      ...fifoIssues(spec, fifo, 'queue'),
      ...delayIssues,
    ]
  },
  iam: (spec, ctx) => [
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
      Resource: [queueArn(ctx, spec.queue)],
    },
  ],
  examples: [
    {
      title: 'An audit queue, tagged with the workflow that sent each message',
      yaml: `kind: sink.sqs
name: audit-queue
spec:
  connection: aws-prod
  queue: \${lay:AUDIT_QUEUE}
  messageAttributes:
    - { name: origin, value: orders-fanout }
    - { name: receivedAt, value: "\${date:iso}" }
  delaySeconds: 5
`,
    },
    {
      title: 'A FIFO queue with one group per account, deduplicated by content',
      yaml: `kind: sink.sqs
name: account-commands
spec:
  connection: aws-prod
  queue: https://sqs.eu-central-1.amazonaws.com/123456789012/account-commands.fifo
  messageGroupId: \${msg:body.accountId}
  deduplication: { strategy: contentHash }
  retry: { maxAttempts: 12 }
`,
    },
  ],
})
