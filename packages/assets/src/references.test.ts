import { describe, expect, it } from 'vitest'
import type { Asset } from './asset.ts'
import { builtinRegistry } from './kinds/builtin.ts'
import { referencesOf, renameAsset, usagesOf } from './references.ts'

const asset = (kind: string, name: string, spec: unknown): Asset => ({ kind, name, requiredRoles: [], spec })
const base = asset('connection.aws', 'base', { region: 'eu-west-1' })
const chained = asset('connection.aws', 'chained', {
  region: 'eu-west-1',
  auth: {
    mode: 'assumeRole',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    externalId: '${sec:prod/external-id}',
    source: { mode: 'connection', connection: 'base' },
  },
})
const flow = asset('workflow', 'flow', {
  nodes: [
    { id: 'in', type: 'source', asset: 'orders' },
    { id: 'out', type: 'sink', asset: 'archive' },
  ],
  links: [{ from: 'in', to: 'out' }],
})
const deploy = asset('deployment', 'prod', {
  workflows: ['flow'],
  environments: ['common'],
  secrets: ['prod'],
})
const assets = [base, chained, flow, deploy]

describe('references', () => {
  it('finds reference fields through the schema hints, and sec: macros', () => {
    expect(referencesOf(builtinRegistry, chained)).toEqual([
      { path: '/spec/auth/externalId', name: 'prod', kinds: ['resource.secret'], via: 'macro' },
      { path: '/spec/auth/source/connection', name: 'base', kinds: ['connection.aws'], via: 'field' },
    ])
    expect(referencesOf(builtinRegistry, flow).map((r) => [r.path, r.name, r.kinds])).toEqual([
      ['/spec/nodes/0/asset', 'orders', ['source.*']],
      ['/spec/nodes/1/asset', 'archive', ['sink.*']],
    ])
  })

  it('lists usages of an asset', () => {
    expect(usagesOf(builtinRegistry, assets, { kind: 'connection.aws', name: 'base' })).toEqual([
      { asset: chained, path: '/spec/auth/source/connection' },
    ])
    expect(usagesOf(builtinRegistry, assets, { kind: 'sink.sqs', name: 'archive' })).toEqual([
      { asset: flow, path: '/spec/nodes/1/asset' },
    ])
    expect(usagesOf(builtinRegistry, assets, { kind: 'source.s3', name: 'archive' })).toEqual([])
  })

  it('renames an asset and every reference to it, macros included, leaving the inputs untouched', () => {
    const { renamed, updated } = renameAsset(
      builtinRegistry,
      assets,
      { kind: 'resource.secret', name: 'prod' },
      'prod-v2',
    )
    expect(renamed).toBeUndefined()
    expect(updated.map((a) => a.name)).toEqual(['chained', 'prod'])
    expect(updated[0]?.spec).toMatchObject({ auth: { externalId: '${sec:prod-v2/external-id}' } })
    expect(updated[1]?.spec).toMatchObject({ secrets: ['prod-v2'] })
    expect(chained.spec).toMatchObject({ auth: { externalId: '${sec:prod/external-id}' } })

    const byWorkflow = renameAsset(builtinRegistry, assets, { kind: 'workflow', name: 'flow' }, 'orders-flow')
    expect(byWorkflow.renamed?.name).toBe('orders-flow')
    expect(byWorkflow.updated.map((a) => [a.name, a.spec])).toEqual([
      ['prod', expect.objectContaining({ workflows: ['orders-flow'] })],
    ])
  })
})
