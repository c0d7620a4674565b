import { Type } from 'typebox'
import { defineAssetType } from '../spec/define.ts'
import { NAME_PATTERN } from '../spec/names.ts'
import { ui } from '../spec/ui.ts'
import { graphIssues } from './workflow-graph.ts'
import { workflowLink, workflowNode } from './workflow-nodes.ts'

export const workflow = defineAssetType({
  kind: 'workflow',
  category: 'workflow',
  title: 'Workflow',
  summary:
    'A graph of sources, processors and sinks that moves messages, acked only once every branch has delivered.',
  spec: Type.Object(
    {
      nodes: Type.Array(workflowNode, { minItems: 1, description: 'The steps of the workflow.' }),
      links: Type.Array(workflowLink, { default: [], description: 'Which output feeds which node.' }),
      errorSink: Type.Optional(
        Type.String({
          pattern: NAME_PATTERN,
          description:
            'Id of a sink node that receives messages that failed permanently (too large, invalid). Without one, such messages are nacked at their source.',
          ...ui({ macro: 'none' }),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  rules: (spec) => graphIssues(spec.nodes, spec.links, spec.errorSink),
  examples: [
    {
      title: 'Orders from SQS, enriched, routed by amount to SNS or SQS',
      yaml: `kind: workflow
name: orders-routing
requiredRoles: [aws-eu]
spec:
  nodes:
    - { id: orders, type: source, asset: orders-queue }
    - id: enrich
      type: map
      expression: '$merge([$, { "receivedAt": $now() }])'
    - id: by-amount
      type: route
      routes:
        - { name: large, when: 'amount >= 1000' }
    - { id: alerts, type: sink, asset: large-orders-topic }
    - { id: archive, type: sink, asset: orders-archive-queue }
  links:
    - { from: orders, to: enrich }
    - { from: enrich, to: by-amount }
    - { from: by-amount.large, to: alerts }
    - { from: by-amount.default, to: archive }
`,
    },
  ],
})
