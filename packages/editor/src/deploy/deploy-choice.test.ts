import type { Asset } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { choiceIssues, choiceOf, previewPolicy, specOf } from './deploy-choice.ts'

const assets: Asset[] = [
  {
    kind: 'connection.aws',
    name: 'aws',
    requiredRoles: [],
    spec: {
      region: 'eu-central-1',
      accountId: '123456789012',
      auth: { mode: 'defaultChain' },
      endpoints: {},
      s3ForcePathStyle: false,
      timeoutMs: 30000,
    },
  },
  {
    kind: 'sink.sqs',
    name: 'out',
    requiredRoles: [],
    spec: { connection: 'aws', queue: '${lay:QUEUE}' },
  },
  { kind: 'resource.environment', name: 'prod', requiredRoles: [], spec: { variables: { QUEUE: 'orders' } } },
  {
    kind: 'workflow',
    name: 'w',
    requiredRoles: [],
    spec: { nodes: [{ id: 'o', type: 'sink', asset: 'out' }], links: [] },
  },
]

describe('the deploy choice', () => {
  it('reads a deployment spec and writes it back', () => {
    const spec = { cluster: 'eu', workflows: ['w'], environments: ['common', 'prod'], secrets: [], tag: 'v1' }
    expect(specOf(choiceOf('d', spec))).toEqual(spec)
    expect(choiceOf('d', undefined)).toMatchObject({
      cluster: 'default',
      tag: '${build:timestamp}',
      workflows: [],
    })
  })

  it('needs at least one workflow', () => {
    expect(choiceIssues(choiceOf('d', {})).map((i) => i.path)).toContain('/spec/workflows')
  })

  it('previews the IAM policy with the chosen environments resolving names', () => {
    const { policy } = previewPolicy(assets, choiceOf('d', { workflows: ['w'], environments: ['prod'] }))
    expect(JSON.stringify(policy)).toContain('arn:aws:sqs:eu-central-1:123456789012:orders')
  })
})
