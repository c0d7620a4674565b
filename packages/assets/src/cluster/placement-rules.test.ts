import { describe, expect, it } from 'vitest'
import type { Asset } from '../asset.ts'
import { builtinRegistry } from '../kinds/builtin.ts'
import { eligibleNodes, type PlacementNode, placementNeeds, unschedulableReason } from './placement-rules.ts'

const asset = (kind: string, name: string, spec: unknown, requiredRoles: string[] = []): Asset => ({
  kind,
  name,
  spec,
  requiredRoles,
})
const aws = asset('connection.aws', 'aws', { region: 'eu-west-1' }, ['aws-eu'])
const polled = asset('source.s3', 'files', {
  connection: 'aws',
  bucket: 'in-bucket',
  discovery: { mode: 'poll' },
})
const notified = asset('source.s3', 'events', {
  connection: 'aws',
  bucket: 'in-bucket',
  discovery: { mode: 'notifications', queue: 'q' },
})
const out = asset('sink.sqs', 'out', { connection: 'aws', queue: 'out' }, ['sqs'])
const flow = (name: string, source: string) =>
  asset('workflow', name, {
    nodes: [
      { id: 'in', type: 'source', asset: source },
      { id: 'out', type: 'sink', asset: 'out' },
    ],
    links: [{ from: 'in', to: 'out' }],
  })
const assets = [aws, polled, notified, out, flow('poll', 'files'), flow('notify', 'events')]
const node = (nodeId: string, roles: string[], extra: Partial<PlacementNode> = {}): PlacementNode => ({
  nodeId,
  cluster: 'c',
  roles,
  status: 'up',
  state: 'running',
  ...extra,
})

describe('placement rules', () => {
  it('gathers the roles of every asset a workflow uses and marks S3 polling as singleton work', () => {
    expect(placementNeeds(builtinRegistry, assets, 'poll')).toEqual({
      workflow: 'poll',
      requiredRoles: ['aws-eu', 'sqs'],
      singleton: true,
    })
    expect(placementNeeds(builtinRegistry, assets, 'notify').singleton).toBe(false)
  })

  it('takes only running nodes of the cluster that are not gone and hold every role', () => {
    const needs = placementNeeds(builtinRegistry, assets, 'notify')
    const nodes = [
      node('a', ['aws-eu', 'sqs']),
      node('b', ['aws-eu']),
      node('c', ['aws-eu', 'sqs'], { status: 'gone' }),
      node('d', ['aws-eu', 'sqs'], { state: 'draining' }),
      node('e', ['aws-eu', 'sqs'], { cluster: 'other' }),
      node('f', ['aws-eu', 'sqs', 'extra'], { status: 'late' }),
    ]
    expect(eligibleNodes(needs, 'c', nodes).map((n) => n.nodeId)).toEqual(['a', 'f'])
    expect(unschedulableReason(needs, 'c', [node('b', ['aws-eu'])])).toBe(
      'unschedulable: needs roles [aws-eu, sqs]; none of the 1 live node(s) of cluster "c" has them all',
    )
    expect(unschedulableReason(needs, 'c', [])).toMatch(/no live engine node in cluster "c"/)
  })
})
