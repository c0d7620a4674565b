import { Type } from 'typebox'
import { eventBusArn } from '../iam/arn.ts'
import { issue } from '../issues.ts'
import { defineAssetType } from '../spec/define.ts'
import { batching, connectionRef, discriminant, maxInFlight, retry, template } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const BUS_NAME = '[A-Za-z0-9/._-]{1,256}'

/** Sends messages as events to one or more EventBridge buses. */
export const sinkEventbridge = defineAssetType({
  kind: 'sink.eventbridge',
  category: 'sink',
  title: 'EventBridge sink',
  summary: 'Sends each message as an event to one or more EventBridge buses, ten entries to a call.',
  spec: Type.Object(
    {
      connection: connectionRef(),
      eventBuses: Type.Array(
        Type.String({
          description: 'An event bus name (`default` included) or ARN.',
          pattern: `^(${BUS_NAME}|arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/${BUS_NAME})$`,
          ...ui({ listing: 'eventBuses' }),
        }),
        {
          description: 'The buses every event goes to; a message is acked once every bus has taken it.',
          minItems: 1,
          uniqueItems: true,
          default: ['default'],
        },
      ),
      source: template(
        'The `source` of each event, e.g. `com.example.orders`; rendered per message. It may not start with `aws.`.',
        { minLength: 1, maxLength: 256 },
      ),
      detailType: template('The `detail-type` of each event, e.g. `OrderPlaced`; rendered per message.', {
        minLength: 1,
        maxLength: 128,
      }),
      detail: Type.Union(
        [
          Type.Object(
            { from: discriminant('body') },
            { additionalProperties: false, title: 'The whole body' },
          ),
          Type.Object(
            {
              from: discriminant('field'),
              path: Type.String({
                description: 'Dotted path of a body field, e.g. `order.payload`.',
                pattern: '^[^.\\s]+(\\.[^.\\s]+)*$',
              }),
            },
            { additionalProperties: false, title: 'A field of the body' },
          ),
        ],
        {
          description:
            'What becomes the event `detail`: the body, or one of its fields. It must be a JSON object; anything else fails permanently.',
          default: { from: 'body' },
        },
      ),
      resources: Type.Array(template('An ARN the event concerns, rendered per message.', { minLength: 1 }), {
        description: 'The `resources` of each event.',
        default: [],
      }),
      time: Type.Optional(
        template(
          'The `time` of each event as an RFC 3339 timestamp, e.g. `${msg:body.occurredAt}`; the time of the call when left empty.',
          { minLength: 1 },
        ),
      ),
      batching: batching({ maxEntries: 10, maxBytes: 262_144 }),
      maxInFlight: maxInFlight('PutEvents calls in flight at once.', 8),
      retry: retry(),
    },
    { additionalProperties: false },
  ),
  ports: { inputs: 1, outputs: 0 },
  rules: (spec) =>
    spec.source.startsWith('aws.')
      ? [issue('rule.violation', ['source'], 'sources starting with "aws." are reserved for AWS services')]
      : [],
  iam: (spec, ctx) => [
    {
      Effect: 'Allow',
      Action: ['events:PutEvents', 'events:DescribeEventBus'],
      Resource: spec.eventBuses.map((bus) => eventBusArn(ctx, bus)),
    },
  ],
  examples: [
    {
      title: 'Order events on a custom bus',
      yaml: `kind: sink.eventbridge
name: order-bus
spec:
  connection: aws-prod
  eventBuses: ["\${lay:ORDER_BUS}"]
  source: com.example.orders
  detailType: OrderPlaced
  resources: ["arn:aws:dynamodb:eu-central-1:123456789012:table/orders"]
`,
    },
    {
      title: 'A field of the body to two buses, with the type and time from the message',
      yaml: `kind: sink.eventbridge
name: shipment-events
spec:
  connection: aws-prod
  eventBuses:
    - default
    - arn:aws:events:eu-central-1:210987654321:event-bus/logistics
  source: com.example.shipping
  detailType: \${msg:body.eventType}
  detail: { from: field, path: payload }
  time: \${msg:body.occurredAt}
`,
    },
  ],
})
