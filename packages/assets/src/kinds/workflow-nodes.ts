import { Type } from 'typebox'
import { assetRef, integer } from '../spec/fields.ts'
import { NAME_PATTERN } from '../spec/names.ts'
import { ui } from '../spec/ui.ts'

/** The node types of a workflow and their schemas; ports are derived in `workflow-graph.ts`. */

const nodeType = <const T extends string>(t: T) => Type.Literal(t, { ...ui({ macro: 'none' }) })
const id = Type.String({
  pattern: NAME_PATTERN,
  description: 'Unique id of the node within the workflow; links name it.',
  ...ui({ macro: 'none' }),
})
const position = Type.Optional(
  Type.Object(
    {
      x: Type.Number({ description: 'Horizontal position on the canvas.', ...ui({ macro: 'none' }) }),
      y: Type.Number({ description: 'Vertical position on the canvas.', ...ui({ macro: 'none' }) }),
    },
    {
      description: 'Where the editor draws the node.',
      additionalProperties: false,
      ...ui({ advanced: true }),
    },
  ),
)
const expression = (description: string) =>
  Type.String({ description, minLength: 1, ...ui({ widget: 'jsonata', macro: 'none' }) })

export const sourceNode = Type.Object(
  {
    id,
    type: nodeType('source'),
    asset: assetRef(['source.*'], 'The source asset this node reads from.'),
    position,
  },
  { additionalProperties: false, title: 'Source' },
)
export const sinkNode = Type.Object(
  {
    id,
    type: nodeType('sink'),
    asset: assetRef(['sink.*'], 'The sink asset this node writes to.'),
    position,
  },
  { additionalProperties: false, title: 'Sink' },
)
export const mapNode = Type.Object(
  {
    id,
    type: nodeType('map'),
    expression: expression('JSONata expression over the message body; its result becomes the new body.'),
    position,
  },
  { additionalProperties: false, title: 'Map' },
)
export const filterNode = Type.Object(
  {
    id,
    type: nodeType('filter'),
    expression: expression('JSONata condition; messages for which it is false are acked as filtered.'),
    position,
  },
  { additionalProperties: false, title: 'Filter' },
)
export const routeNode = Type.Object(
  {
    id,
    type: nodeType('route'),
    routes: Type.Array(
      Type.Object(
        {
          name: Type.String({
            pattern: NAME_PATTERN,
            description: 'Name of the output port for this route.',
            ...ui({ macro: 'none' }),
          }),
          when: expression('JSONata condition that sends a message to this route.'),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, description: 'Routes in order; a message takes every route whose condition holds.' },
    ),
    otherwise: Type.Union([Type.Literal('default'), Type.Literal('drop')], {
      default: 'default',
      description:
        '`default`: messages matching no route leave by the `default` port; `drop`: they are acked as filtered.',
      ...ui({ macro: 'none' }),
    }),
    position,
  },
  { additionalProperties: false, title: 'Route' },
)
export const throttleNode = Type.Object(
  {
    id,
    type: nodeType('throttle'),
    ratePerSecond: integer(
      'Messages per second let through; others wait (never dropped).',
      1,
      1_000_000,
      100,
    ),
    burst: integer('Messages that may pass at once after a quiet period.', 1, 1_000_000, 100, {
      advanced: true,
    }),
    position,
  },
  { additionalProperties: false, title: 'Throttle' },
)

export const workflowNode = Type.Union([sourceNode, sinkNode, mapNode, filterNode, routeNode, throttleNode], {
  description: 'A step of the workflow: a source or sink asset, or an inline processor.',
})

export const workflowLink = Type.Object(
  {
    from: Type.String({
      pattern: `^[A-Za-z0-9][A-Za-z0-9_-]{0,127}(\\.[A-Za-z0-9][A-Za-z0-9_-]{0,127})?$`,
      description: 'The node the messages leave, as `node` or `node.port` (a route port).',
      ...ui({ macro: 'none' }),
    }),
    to: Type.String({
      pattern: NAME_PATTERN,
      description: 'The node the messages enter.',
      ...ui({ macro: 'none' }),
    }),
  },
  { additionalProperties: false },
)
