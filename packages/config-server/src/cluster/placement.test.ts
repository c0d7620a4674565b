import { type Bundle, builtinRegistry, type NodeView } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import type { Lease } from './deployment-state.ts'
import { leaseKey, placeBundle } from './placement.ts'

const NOW = Date.parse('2026-05-01T12:00:00Z')
const LEASE_MS = 30_000

function node(nodeId: string, roles: string[], patch: Partial<NodeView> = {}): NodeView {
  return {
    nodeId,
    cluster: 'eu',
    roles,
    version: '0.1.0',
    hostname: nodeId,
    keyFingerprints: [],
    registeredAt: new Date(NOW - 60_000).toISOString(),
    lastSeenAt: new Date(NOW - 1_000).toISOString(),
    state: 'running',
    generation: 1,
    reportedGeneration: 1,
    status: 'up',
    workflows: [],
    ...patch,
  }
}

const wire = (kind: string, name: string, spec: unknown, requiredRoles: string[] = []) => ({
  kind,
  name,
  requiredRoles,
  spec,
})
const flow = (name: string, source: string, roles: string[] = []) =>
  wire(
    'workflow',
    name,
    {
      nodes: [
        { id: 'in', type: 'source', asset: source },
        { id: 'out', type: 'sink', asset: 'out' },
      ],
      links: [{ from: 'in', to: 'out' }],
    },
    roles,
  )

const bundle: Bundle = {
  id: 'orders@1',
  deployment: 'orders',
  version: 1,
  cluster: 'eu',
  tag: 't',
  createdAt: new Date(NOW).toISOString(),
  createdBy: 'ann',
  workflows: ['from-queue', 'from-bucket', 'gpu-only'],
  assets: [
    wire('connection.aws', 'aws', { region: 'eu-central-1' }, ['aws']),
    wire('source.sqs', 'queue', { connection: 'aws', queue: 'q' }),
    wire('source.s3', 'bucket', { connection: 'aws', bucket: 'b', discovery: { mode: 'poll' } }),
    wire('sink.sqs', 'out', { connection: 'aws', queue: 'o' }),
    flow('from-queue', 'queue'),
    flow('from-bucket', 'bucket'),
    flow('gpu-only', 'queue', ['gpu']),
  ],
  variables: {},
  build: {},
}

const place = (nodes: NodeView[], leases = new Map<string, Lease>(), stopped: string[] = []) =>
  placeBundle({
    registry: builtinRegistry,
    bundle,
    nodes,
    leases,
    stopped,
    now: NOW,
    leaseMs: LEASE_MS,
    load: new Map(),
  })

describe('placeBundle', () => {
  it('puts SQS work on every live, running node of the cluster whose roles cover the assets', () => {
    const { workflows } = place([
      node('a', ['aws']),
      node('b', ['aws', 'gpu']),
      node('c', []),
      node('d', ['aws'], { cluster: 'us' }),
      node('e', ['aws'], { state: 'draining' }),
      node('f', ['aws'], { status: 'gone' }),
    ])
    expect(workflows.map((w) => [w.workflow, w.status, w.nodes, w.requiredRoles])).toEqual([
      ['from-queue', 'placed', ['a', 'b'], ['aws']],
      ['from-bucket', 'placed', ['a'], ['aws']],
      ['gpu-only', 'placed', ['b'], ['aws', 'gpu']],
    ])
    expect(workflows[1]).toMatchObject({
      singleton: true,
      leaseExpiresAt: new Date(NOW - 1_000 + LEASE_MS).toISOString(),
    })
  })

  it('reports what it cannot place with the roles it needs, and leaves stopped workflows alone', () => {
    const { workflows } = place([node('a', ['aws'])], new Map(), ['from-queue'])
    expect(workflows.map((w) => [w.workflow, w.status])).toEqual([
      ['from-queue', 'stopped'],
      ['from-bucket', 'placed'],
      ['gpu-only', 'unschedulable'],
    ])
    expect(workflows[2]?.reason).toBe(
      'unschedulable: needs roles [aws, gpu]; none of the 1 live node(s) of cluster "eu" has them all',
    )
    expect(place([]).workflows[0]?.reason).toBe(
      'unschedulable: needs roles [aws]; no live engine node in cluster "eu"',
    )
  })

  it('keeps a lease with its live holder and moves it once the holder is gone', () => {
    const key = leaseKey('orders', 'from-bucket')
    const held = new Map([[key, { nodeId: 'b', expiresAt: new Date(NOW + 5_000).toISOString() }]])
    expect(place([node('a', ['aws']), node('b', ['aws'])], held).workflows[1]?.nodes).toEqual(['b'])
    const gone = place([node('a', ['aws']), node('b', ['aws'], { status: 'gone' })], held)
    expect(gone.workflows[1]?.nodes).toEqual(['a'])
    expect(gone.leases.get(key)?.nodeId).toBe('a')
    const expired = new Map([[key, { nodeId: 'b', expiresAt: new Date(NOW - 1).toISOString() }]])
    expect(
      place([node('a', ['aws']), node('b', ['aws'], { status: 'late' })], expired).workflows[1]?.nodes,
    ).toEqual(['a'])
  })
})
