import { SQSClient } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendAll } from '../../packages/engine/src/e2e/support/queues.ts'
import { Children } from '../../packages/engine/src/system/children.ts'
import { countOutputs } from './collect.ts'
import { WORKFLOWS } from './project.ts'
import { type ChaosStack, startChaosStack } from './stack.ts'
import { Traffic } from './traffic.ts'

const children = new Children()
let stack: ChaosStack

beforeAll(async () => {
  stack = await startChaosStack(children, 11)
}, 90_000)

afterAll(async () => {
  await stack?.stop()
  await children.killAll()
})

describe('the chaos run on the local stack in a child process', () => {
  it('keeps the ids it sent per workflow, sees them waiting, and counts what reached each output', async () => {
    const traffic = new Traffic(stack.aws, WORKFLOWS, stack.queueUrls)
    try {
      traffic.start({ messagesPerTick: 3, tickMs: 20, objectEveryTicks: 2, recordsPerObject: 4 })
      await new Promise((resolve) => setTimeout(resolve, 400))
      await traffic.stop()
      const queued = WORKFLOWS.filter((w) => w.input.type === 'queue')
      const ticks = traffic.sent(queued[0]?.name ?? '').length / 3
      expect(ticks).toBeGreaterThanOrEqual(2)
      for (const w of queued) expect(traffic.sent(w.name)).toHaveLength(ticks * 3)
      const objects = Math.floor(ticks / 2)
      expect(traffic.sent('s3-to-sqs')).toHaveLength(objects * 4)
      expect(traffic.total()).toBe(queued.length * ticks * 3 + objects * 4)
      expect(await traffic.backlog()).toBe(queued.length * ticks * 3 + objects)

      const sqs = new SQSClient(stack.aws.clientConfig('sqs'))
      const delivered = traffic.sent('sqs-to-sqs')
      await sendAll(sqs, stack.queueUrls['chaos-sqs-out'] ?? '', [
        ...delivered.map((id) => JSON.stringify({ id })),
        JSON.stringify({ id: delivered[0] }),
      ])
      sqs.destroy()
      const counts = await countOutputs(stack.aws, WORKFLOWS, stack.queueUrls, (w) => traffic.sent(w), 2_000)
      const byName = new Map(counts.map((c) => [c.workflow, c]))
      expect(byName.get('sqs-to-sqs')).toMatchObject({
        lost: [],
        duplicates: 1,
        received: delivered.length + 1,
      })
      for (const w of WORKFLOWS.filter((w) => w.name !== 'sqs-to-sqs'))
        expect(byName.get(w.name)?.lost).toHaveLength(traffic.sent(w.name).length)
    } finally {
      traffic.close()
    }
  }, 120_000)

  it('puts a fault proxy in front of each emulator, passing calls until rates are set', async () => {
    const sqs = new SQSClient({
      ...stack.aws.clientConfig('sqs'),
      endpoint: stack.proxied.fauxqs,
      maxAttempts: 1,
    })
    await sendAll(sqs, stack.queueUrls['chaos-sqs-in'] ?? '', ['{"id":"p-1"}'])
    stack.setRates({ 'server-error': 1 })
    await expect(sendAll(sqs, stack.queueUrls['chaos-sqs-in'] ?? '', ['{"id":"p-2"}'])).rejects.toThrow()
    stack.setRates({})
    sqs.destroy()
    expect(stack.proxies.fauxqs.stats()).toMatchObject({ calls: 2, faults: { 'server-error': 1 } })
  }, 60_000)
})
