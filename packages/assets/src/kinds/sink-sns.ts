import { Type } from 'typebox'
import { templateWildcard, topicArn } from '../iam/arn.ts'
import { isMacroText } from '../spec/authored.ts'
import { defineAssetType } from '../spec/define.ts'
import {
  batching,
  connectionRef,
  dedupStrategy,
  duplicateAttributeIssues,
  fifoGroupId,
  fifoIssues,
  maxInFlight,
  messageAttributes,
  retry,
  template,
} from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

/** Publishes messages to an SNS topic in batches. */
export const sinkSns = defineAssetType({
  kind: 'sink.sns',
  category: 'sink',
  title: 'SNS sink',
  summary: 'Publishes each message to an SNS topic, ten to a call, with attributes, subject and FIFO ids.',
  spec: Type.Object(
    {
      connection: connectionRef(),
      topicArn: Type.String({
        description:
          'ARN of the topic; FIFO topics end in `.fifo`. Per-message macros pick a topic per message, e.g. `arn:aws:sns:eu-central-1:123456789012:orders-${msg:body.region}`.',
        pattern: '^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$',
        ...ui({
          listing: 'topics',
          macro: 'dynamic',
          placeholder: 'arn:aws:sns:eu-central-1:123456789012:orders',
        }),
      }),
      subject: Type.Optional(
        template('Subject for e-mail subscriptions, rendered per message; at most 100 characters.', {
          minLength: 1,
          maxLength: 100,
        }),
      ),
      messageAttributes: messageAttributes(['String', 'String.Array', 'Number', 'Binary']),
      messageGroupId: fifoGroupId(),
      deduplication: dedupStrategy(),
      batching: batching({ maxEntries: 10, maxBytes: 262_144 }),
      maxInFlight: maxInFlight('PublishBatch calls in flight at once.', 16),
      retry: retry(),
    },
    { additionalProperties: false },
  ),
  ports: { inputs: 1, outputs: 0 },
  rules: (spec) => [
    ...duplicateAttributeIssues(spec.messageAttributes),
    ...fifoIssues(spec, isMacroText(spec.topicArn) ? undefined : spec.topicArn.endsWith('.fifo'), 'topic'),
  ],
  iam: (spec, ctx) => [
    {
      Effect: 'Allow',
      Action: ['sns:Publish', 'sns:GetTopicAttributes'],
      Resource: [topicArn(ctx, templateWildcard(spec.topicArn))],
    },
  ],
  examples: [
    {
      title: 'Order events with an attribute subscribers filter on',
      yaml: `kind: sink.sns
name: order-events-topic
spec:
  connection: aws-prod
  topicArn: \${lay:ORDER_TOPIC_ARN}
  subject: Order \${msg:body.orderId}
  messageAttributes:
    - { name: eventType, value: "\${msg:body.type}" }
    - { name: total, type: Number, value: "\${msg:body.total:-0}" }
`,
    },
    {
      title: 'A FIFO topic, ordered per customer and deduplicated by order id',
      yaml: `kind: sink.sns
name: ledger-topic
spec:
  connection: aws-prod
  topicArn: arn:aws:sns:eu-central-1:123456789012:ledger.fifo
  messageGroupId: \${msg:body.customerId}
  deduplication: { strategy: template, template: "\${msg:body.orderId}" }
  batching: { lingerMs: 50 }
  maxInFlight: 4
`,
    },
  ],
})
