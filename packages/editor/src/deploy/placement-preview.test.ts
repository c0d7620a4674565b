import type { Asset, NodeView } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { previewPlacement } from './placement-preview.ts'

const asset = (kind: string, name: string, spec: unknown, requiredRoles: string[] = []): Asset => ({
  kind,
  name,
  spec,
  requiredRoles,
})
const assets: Asset[] = [
  asset('connection.aws', 'eu', {}, ['aws-eu']),
  asset('source.sqs', 'orders', { connection: 'eu' }),
  asset('sink.sqs', 'audit', { connection: 'eu' }, ['audit']),
  asset('source.s3', 'files', { connection: 'eu', discovery: { mode: 'poll' } }),
  asset('workflow', 'fanout', {
    nodes: [
      { id: 'a', type: 'source', asset: 'orders' },
      { id: 'b', type: 'sink', asset: 'audit' },
    ],
  }),
  asset('workflow', 'archive', { nodes: [{ id: 'a', type: 'source', asset: 'files' }] }),
]
const node = (nodeId: string, roles: string[], status: NodeView['status'] = 'up'): NodeView => ({
  nodeId,
  cluster: 'default',
  roles,
  version: '0.1.0',
  hostname: nodeId,
  keyFingerprints: [],
  registeredAt: '',
  lastSeenAt: '',
  state: 'running',
  generation: 1,
  reportedGeneration: 1,
  status,
  workflows: [],
})

describe('placement preview', () => {
  it('places a workflow on every live node with all the roles of its assets', () => {
    const [fanout] = previewPlacement(assets, ['fanout'], 'default', [
      node('n1', ['aws-eu', 'audit']),
      node('n2', ['aws-eu']),
      node('n3', ['aws-eu', 'audit'], 'gone'),
    ])
    expect(fanout).toEqual({
      workflow: 'fanout',
      requiredRoles: ['audit', 'aws-eu'],
      singleton: false,
      nodes: ['n1'],
    })
  })

  it('puts S3 polling on one node', () => {
    const [archive] = previewPlacement(assets, ['archive'], 'default', [
      node('n1', ['aws-eu']),
      node('n2', ['aws-eu']),
    ])
    expect(archive).toMatchObject({ singleton: true, nodes: ['n1'] })
  })

  it('reports every unschedulable workflow with the roles it needs', () => {
    expect(previewPlacement(assets, ['fanout'], 'default', [node('n2', ['aws-eu'])])[0]?.unschedulable).toBe(
      'unschedulable: needs roles [audit, aws-eu]; none of the 1 live node(s) of cluster "default" has them all',
    )
    expect(
      previewPlacement(assets, ['fanout'], 'prod', [node('n1', ['aws-eu', 'audit'])])[0]?.unschedulable,
    ).toContain('no live engine node in cluster "prod"')
  })
})
