import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinRegistry } from '../kinds/builtin.ts'
import { checkProject } from '../validate/check-project.ts'
import { policyFor } from './policy.ts'

const demo = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo')

describe('policyFor on the demo project', async () => {
  const { assets, issues } = await checkProject(builtinRegistry, demo)

  it('loads a clean project', () => expect(issues).toEqual([]))

  for (const target of [
    { workflow: 'orders-fanout' },
    { workflow: 'invoices-archive' },
    { deployment: 'demo' },
  ]) {
    it(`narrows every resource to an exact ARN for ${JSON.stringify(target)}`, () => {
      const { policy, issues: problems } = policyFor(builtinRegistry, assets, target)
      expect(problems).toEqual([])
      const resources = policy.Statement.flatMap((s) => s.Resource)
      expect(resources.length).toBeGreaterThan(0)
      for (const arn of resources) {
        expect(arn).toMatch(/^arn:aws:(sqs|sns|kinesis|events|s3):/)
        expect(arn.replace(/\/\*$/, '')).not.toContain('*')
      }
      const sids = policy.Statement.map((s) => s.Sid)
      expect(new Set(sids).size).toBe(sids.length)
    })
  }

  it('gives each sink its write actions and the read action its connection test makes', () => {
    const { policy } = policyFor(builtinRegistry, assets, { workflow: 'orders-fanout' })
    const byResource = new Map(policy.Statement.flatMap((s) => s.Resource.map((r) => [r, s.Action])))
    expect(byResource.get('arn:aws:sns:us-east-1:000000000000:sluice-demo-order-events')).toEqual([
      'sns:GetTopicAttributes',
      'sns:Publish',
    ])
    expect(byResource.get('arn:aws:events:us-east-1:000000000000:event-bus/sluice-demo')).toEqual([
      'events:DescribeEventBus',
      'events:PutEvents',
    ])
    expect(byResource.get('arn:aws:sqs:us-east-1:000000000000:sluice-demo-orders')).toContain(
      'sqs:DeleteMessage',
    )
  })

  it('limits listing to the source prefix', () => {
    const { policy } = policyFor(builtinRegistry, assets, { workflow: 'invoices-archive' })
    const list = policy.Statement.find((s) => s.Action.includes('s3:ListBucket'))
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['invoices/*'] } })
  })

  it('reports an unknown deployment instead of printing an empty policy silently', () => {
    const { policy, issues: problems } = policyFor(builtinRegistry, assets, { deployment: 'nope' })
    expect(policy.Statement).toEqual([])
    expect(problems.map((i) => i.code)).toEqual(['ref.missing'])
  })
})
