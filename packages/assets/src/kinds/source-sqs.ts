import { type Static, Type } from 'typebox'
import { queueArn } from '../iam/arn.ts'
import type { IamContext, IamStatement } from '../iam/types.ts'
import { type Issue, issue } from '../issues.ts'
import type { Authored } from '../spec/authored.ts'
import { defineAssetType } from '../spec/define.ts'
import { choice, connectionRef, discriminant, integer, maxInFlight, sqsQueue } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

/** The SQS system attribute names a `source.sqs` may ask for (`All` for every one). */
export const SQS_SYSTEM_ATTRIBUTES = [
  'All',
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
  'MessageDeduplicationId',
  'MessageGroupId',
  'SenderId',
  'SentTimestamp',
  'SequenceNumber',
] as const

const schema = Type.Object(
  {
    connection: connectionRef(),
    queue: sqsQueue('The queue to receive from.'),
    waitTimeSeconds: integer(
      'Long-poll wait of each receive, in seconds; 0 polls without waiting and costs more calls.',
      0,
      20,
      20,
      { advanced: true },
    ),
    maxMessages: integer('Messages asked for per receive call.', 1, 10, 10, { advanced: true }),
    visibilityTimeoutSeconds: Type.Optional(
      Type.Integer({
        description:
          "How long a received message stays hidden from other consumers, in seconds; the queue's own setting when left empty.",
        minimum: 0,
        maximum: 43_200,
        ...ui({ widget: 'duration' }),
      }),
    ),
    heartbeat: Type.Object(
      {
        enabled: Type.Boolean({
          description: 'Extend the visibility of messages still in flight.',
          default: true,
        }),
        intervalSeconds: integer('Seconds between two extensions.', 1, 43_199, 20, { widget: 'duration' }),
        extensionSeconds: integer(
          'Each extension hides the message for this many seconds from then on.',
          2,
          43_200,
          60,
          { widget: 'duration' },
        ),
      },
      {
        description:
          'Keeps slow messages from being delivered twice: their visibility is extended until they are settled, up to the 12 hours SQS allows.',
        default: {},
        additionalProperties: false,
        ...ui({ advanced: true }),
      },
    ),
    maxInFlight: maxInFlight(
      'Messages received and not yet settled; receiving pauses at this bound.',
      100,
      10_000,
    ),
    pollers: integer('Receive calls running at the same time.', 1, 50, 1, { advanced: true }),
    bodyFormat: choice(
      ['raw', 'json'],
      'The message body as text (`raw`), or parsed as JSON (`json`); a body that is not JSON is nacked as a permanent error.',
      'raw',
    ),
    attributeNames: Type.Array(
      Type.String({
        description: 'An attribute name, `All`, or a prefix ending in `.*`.',
        pattern: '^(All|\\.\\*|[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}(\\.\\*)?)$',
      }),
      {
        description: 'Message attributes to read into `attributes`; `All` reads every one, `[]` none.',
        default: ['All'],
        uniqueItems: true,
        ...ui({ advanced: true }),
      },
    ),
    systemAttributes: Type.Array(
      Type.Union(
        SQS_SYSTEM_ATTRIBUTES.map((name) => Type.Literal(name)),
        { description: 'A system attribute, or `All`.' },
      ),
      {
        description:
          'System attributes to read into `meta`, such as `ApproximateReceiveCount` and `MessageGroupId`.',
        default: ['All'],
        uniqueItems: true,
        ...ui({ advanced: true }),
      },
    ),
    onNack: Type.Union(
      [
        Type.Object(
          { mode: discriminant('immediate') },
          { additionalProperties: false, title: 'Visible again at once' },
        ),
        Type.Object(
          {
            mode: discriminant('backoff'),
            initialSeconds: integer('Delay after the first failure, in seconds.', 0, 43_200, 5, {
              widget: 'duration',
            }),
            maxSeconds: integer('Cap on the delay, in seconds.', 1, 43_200, 900, { widget: 'duration' }),
          },
          { additionalProperties: false, title: 'Exponential backoff' },
        ),
      ],
      {
        description:
          "What a nack does: make the message visible again at once, or after a delay that doubles with each receive. The queue's redrive policy moves it to its dead-letter queue after maxReceiveCount.",
        default: { mode: 'backoff' },
      },
    ),
  },
  { additionalProperties: false },
)

/** Receives messages from an SQS queue, deleting each only once it is acked. */
export const sourceSqs = defineAssetType({
  kind: 'source.sqs',
  category: 'source',
  title: 'SQS source',
  summary:
    'Long-polls an SQS queue; a message is deleted only when every branch has delivered it, and released on nack.',
  spec: schema,
  ports: { inputs: 0, outputs: 1 },
  rules: (s) => [...heartbeatIssues(s), ...backoffIssues(s)],
  iam: sqsSourceStatements,
  examples: [
    {
      title: 'JSON orders with visibility heartbeats',
      yaml: `kind: source.sqs
name: orders-queue
spec:
  connection: aws-prod
  queue: \${lay:ORDERS_QUEUE}
  bodyFormat: json
  visibilityTimeoutSeconds: 60
  maxInFlight: 500
  pollers: 4
`,
    },
    {
      title: 'A FIFO queue, retried at once on failure, reading only selected attributes',
      yaml: `kind: source.sqs
name: ledger-events
spec:
  connection: aws-prod
  queue: https://sqs.eu-central-1.amazonaws.com/123456789012/ledger.fifo
  attributeNames: [tenant, trace.*]
  systemAttributes: [MessageGroupId, ApproximateReceiveCount]
  heartbeat: { intervalSeconds: 10, extensionSeconds: 30 }
  onNack: { mode: immediate }
`,
    },
  ],
})

type AuthoredSpec = Authored<Static<typeof schema>>

function heartbeatIssues(spec: AuthoredSpec): Issue[] {
  const { enabled, intervalSeconds, extensionSeconds } = spec.heartbeat
  if (enabled !== true || typeof intervalSeconds !== 'number') return []
  const issues: Issue[] = []
  if (typeof extensionSeconds === 'number' && intervalSeconds >= extensionSeconds)
    issues.push(
      issue(
        'rule.violation',
        ['heartbeat', 'intervalSeconds'],
        `must be shorter than extensionSeconds (${extensionSeconds}), or messages reappear between extensions`,
      ),
    )
  const visibility = spec.visibilityTimeoutSeconds
  if (typeof visibility === 'number' && intervalSeconds >= visibility)
    issues.push(
      issue(
        'rule.violation',
        ['heartbeat', 'intervalSeconds'],
        `must be shorter than visibilityTimeoutSeconds (${visibility}), or messages reappear before the first extension`,
      ),
    )
  return issues
}

function backoffIssues(spec: AuthoredSpec): Issue[] {
  const nack = spec.onNack
  if (!('maxSeconds' in nack) || typeof nack.maxSeconds !== 'number') return []
  if (typeof nack.initialSeconds !== 'number' || nack.initialSeconds <= nack.maxSeconds) return []
  return [
    issue(
      'rule.violation',
      ['onNack', 'maxSeconds'],
      `must be at least initialSeconds (${nack.initialSeconds})`,
    ),
  ]
}

function sqsSourceStatements(spec: Static<typeof schema>, ctx: IamContext): IamStatement[] {
  return [
    {
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
      ],
      Resource: [queueArn(ctx, spec.queue)],
    },
  ]
}
