import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinRegistry } from '../kinds/builtin.ts'
import { checkProject } from '../validate/check-project.ts'
import { buildBundle } from './bundle.ts'

const demo = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo')
const now = new Date('2026-11-23T10:11:12.345Z')

describe('buildBundle', async () => {
  const { assets } = await checkProject(builtinRegistry, demo)
  const source = {
    deployment: 'demo',
    cluster: 'default',
    workflows: ['orders-fanout'],
    environments: ['local'],
    secrets: ['demo-secrets'],
    tag: 'demo-${build:version}-${build:timestamp}',
  }

  it('carries the workflow, everything it references and the listed secrets', () => {
    const { bundle, issues } = buildBundle(builtinRegistry, assets, source, {
      version: 3,
      createdBy: 'ann',
      now,
    })
    expect(issues).toEqual([])
    expect(bundle?.id).toBe('demo@3')
    expect(bundle?.tag).toBe('demo-3-20261123T101112Z')
    expect(bundle?.build).toMatchObject({ version: '3', deployment: 'demo', tag: 'demo-3-20261123T101112Z' })
    expect(bundle?.assets.map((a) => `${a.kind}/${a.name}`).sort()).toEqual([
      'connection.aws/local-aws',
      'resource.secret/demo-secrets',
      'sink.eventbridge/order-bus',
      'sink.kinesis/order-stream',
      'sink.sns/order-events-topic',
      'sink.sqs/audit-queue',
      'source.sqs/orders-queue',
      'workflow/orders-fanout',
    ])
    expect(bundle?.variables.ORDERS_QUEUE).toBe('sluice-demo-orders')
    expect(JSON.stringify(bundle)).not.toContain('aws-secret-access-key": "test')
  })

  it('reports what is missing instead of making a partial bundle', () => {
    const { bundle, issues } = buildBundle(
      builtinRegistry,
      assets,
      { ...source, workflows: ['nope'], secrets: ['gone'], tag: '${lay:X}' },
      { version: 1, createdBy: 'ann', now },
    )
    expect(bundle).toBeUndefined()
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/spec/workflows/0', 'ref.missing'],
      ['/spec/secrets/0', 'ref.missing'],
      ['/spec/tag', 'macro.missing'],
    ])
  })
})
