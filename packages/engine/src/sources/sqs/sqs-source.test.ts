import { sourceSqs } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../runtime/envelope.ts'
import { DeliveryError, permanentError, retryableError } from '../../runtime/errors.ts'
import { RecordingLog, testContext } from '../testing/context.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import { describeSourceConformance, waitFor } from '../testing/source-conformance.ts'
import { resolvedSpec } from '../testing/specs.ts'
import { BUSY_WAIT_SECONDS, IDLE_VISIBILITY_SECONDS } from './queue-consumer.ts'
import { heartbeatFor, nackDelaySeconds, SqsSource } from './sqs-source.ts'

function sqsSpec(fields: object = {}) {
  return resolvedSpec(sourceSqs, { connection: 'aws', queue: 'orders', waitTimeSeconds: 1, ...fields })
}

function start(fake: FakeSqs, fields: object = {}) {
  const context = testContext()
  const source = new SqsSource(sqsSpec({ queue: fake.name, ...fields }), context, fake)
  const received: Envelope[] = []
  let failure: unknown
  const subscription = source.messages.subscribe({
    next: (e) => received.push(e),
    error: (e) => {
      failure = e
    },
  })
  return {
    source,
    context,
    received,
    failure: () => failure,
    async close() {
      subscription.unsubscribe()
      await source.stop()
      context.abort.abort()
    },
  }
}

describeSourceConformance('source.sqs', async ({ total, maxInFlight }) => {
  const fake = new FakeSqs('orders')
  for (let i = 0; i < total; i++) fake.send(JSON.stringify({ n: i }))
  const context = testContext()
  const spec = sqsSpec({ maxInFlight, onNack: { mode: 'immediate' }, maxMessages: 3, pollers: 2 })
  return {
    source: new SqsSource(spec, context, fake),
    maxInFlight,
    total,
    identify: (e) => String(e.meta.messageId),
    uncommitted: () => fake.remaining(),
    commitCounts: () => fake.deletes,
    close: async () => context.abort.abort(),
  }
})

describe('SqsSource', () => {
  it('asks each receive for no more than the free room, capped at maxMessages', async () => {
    const fake = new FakeSqs('orders')
    for (let i = 0; i < 12; i++) fake.send(`m${i}`)
    const run = start(fake, { maxInFlight: 7, maxMessages: 5 })
    await waitFor(() => run.received.length === 7, 'seven envelopes')
    expect(fake.receives.map((r) => r.maxMessages).slice(0, 2)).toEqual([5, 2])
    run.received[0]?.ack()
    await waitFor(
      () => fake.receives.some((r, i) => i >= 2 && r.maxMessages === 1),
      'a receive for the one free slot',
    )
    await run.close()
  })

  it('deletes acked messages in batches of up to 10', async () => {
    const fake = new FakeSqs('orders')
    for (let i = 0; i < 25; i++) fake.send(`m${i}`)
    const run = start(fake, { maxInFlight: 25 })
    await waitFor(() => run.received.length === 25, 'all envelopes')
    for (const e of run.received) e.ack()
    await waitFor(() => fake.remaining() === 0, 'all deleted')
    expect(fake.calls.deleteBatch).toBe(3)
    await run.close()
  })

  it('retries a failed delete until the message is gone', async () => {
    const fake = new FakeSqs('orders')
    fake.send('only')
    fake.failNext('deleteBatch', Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
    const run = start(fake)
    await waitFor(() => run.received.length === 1, 'the envelope')
    run.received[0]?.ack()
    await run.source.stop()
    await run.source.drained()
    expect(fake.remaining()).toBe(0)
    expect(fake.calls.deleteBatch).toBe(2)
    await run.close()
  })

  it('backs a nack off by the receive count, capped at maxSeconds', () => {
    const backoff = { mode: 'backoff' as const, initialSeconds: 5, maxSeconds: 60 }
    expect([1, 2, 3, 4, 5].map((n) => nackDelaySeconds(backoff, n))).toEqual([5, 10, 20, 40, 60])
    expect(nackDelaySeconds({ mode: 'immediate' }, 7)).toBe(0)
  })

  it('fits the heartbeat interval under a short queue visibility timeout', () => {
    const queue = { url: 'u', name: 'q', fifo: false, visibilityTimeoutSeconds: 10 }
    const log = new RecordingLog()
    expect(heartbeatFor(sqsSpec(), queue, log)).toEqual({ intervalSeconds: 5, extensionSeconds: 60 })
    expect(log.at('warn')).toHaveLength(1)
    expect(heartbeatFor(sqsSpec({ visibilityTimeoutSeconds: 45 }), queue, log)).toEqual({
      intervalSeconds: 20,
      extensionSeconds: 60,
    })
    expect(heartbeatFor(sqsSpec({ heartbeat: { enabled: false } }), queue, log)).toBeUndefined()
  })

  it('releases a nacked message with the backoff delay', async () => {
    const fake = new FakeSqs('orders')
    fake.send('x')
    const run = start(fake, { onNack: { mode: 'backoff', initialSeconds: 7, maxSeconds: 100 } })
    await waitFor(() => run.received.length === 1, 'the envelope')
    run.received[0]?.nack(permanentError('sink.too-large', 'too large'))
    await waitFor(() => fake.releases.length === 1, 'the release')
    expect(fake.releases[0]?.seconds).toBe(7)
    expect(fake.remaining()).toBe(1)
    await run.close()
  })

  it('warns on the last delivery before the dead-letter queue', async () => {
    const fake = new FakeSqs('orders')
    fake.attributes = {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:0:orders-dlq',
        maxReceiveCount: 2,
      }),
    }
    fake.send('poison')
    const run = start(fake, { onNack: { mode: 'immediate' } })
    await waitFor(() => run.received.length === 1, 'the first delivery')
    expect(run.received[0]?.meta).toMatchObject({ receiveCount: 1, maxReceiveCount: 2 })
    run.received[0]?.nack(retryableError('sink.down', 'down'))
    await waitFor(() => run.received.length === 2, 'the second delivery')
    expect(run.context.log.at('warn')).toContain(
      'last delivery of this message: one more nack moves it to the dead-letter queue',
    )
    run.received[1]?.nack(retryableError('sink.down', 'down'))
    await waitFor(
      () => run.context.log.at('warn').some((m) => m.includes('moves it to its dead-letter queue')),
      'the DLQ warning',
    )
    await run.close()
  })

  it('emits a FIFO group in order, the next only after the previous is settled', async () => {
    const fake = new FakeSqs('ledger.fifo')
    for (const [group, n] of [
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['a', 3],
      ['b', 2],
    ] as const)
      fake.send(`${group}${n}`, { groupId: group })
    const run = start(fake, { maxInFlight: 10, onNack: { mode: 'immediate' } })
    await waitFor(() => run.received.length === 2, 'the head of each group')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(run.received.map((e) => e.body)).toEqual(['a1', 'b1'])
    expect(run.received[0]?.meta.groupId).toBe('a')
    run.received[0]?.ack()
    await waitFor(() => run.received.length === 3, 'a2')
    expect(run.received[2]?.body).toBe('a2')
    run.received[2]?.nack(retryableError('sink.down', 'down'))
    run.received[1]?.ack()
    await waitFor(() => run.received.length >= 4, 'b2')
    await waitFor(() => run.received.some((e, i) => i > 2 && e.body === 'a2'), 'a2 again')
    const order = run.received.map((e) => String(e.body))
    expect(order.indexOf('a3')).toBe(-1)
    const a2again = run.received.findIndex((e, i) => i > 2 && e.body === 'a2')
    run.received[a2again]?.ack()
    await waitFor(() => run.received.some((e) => e.body === 'a3'), 'a3 after a2')
    await run.close()
  })

  it('reads selected message attributes into attributes and system attributes into meta', async () => {
    const fake = new FakeSqs('orders')
    fake.send('x', {
      attributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        'trace.id': { DataType: 'String', StringValue: 't-1' },
        'trace.span': { DataType: 'Number', StringValue: '7' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        other: { DataType: 'String', StringValue: 'no' },
      },
    })
    const run = start(fake, {
      attributeNames: ['tenant', 'trace.*', 'blob'],
      systemAttributes: ['SentTimestamp'],
    })
    await waitFor(() => run.received.length === 1, 'the envelope')
    const [envelope] = run.received
    expect(envelope?.attributes).toEqual({
      tenant: 'acme',
      'trace.id': 't-1',
      'trace.span': '7',
      blob: 'AQID',
    })
    expect(envelope?.meta).toMatchObject({ queue: 'orders', receiveCount: 1, SentTimestamp: '1700000000000' })
    expect(envelope?.meta).not.toHaveProperty('ApproximateReceiveCount')
    expect(fake.receives[0]?.messageAttributeNames).toEqual(['tenant', 'trace.*', 'blob'])
    expect(fake.receives[0]?.systemAttributeNames).toEqual(['ApproximateReceiveCount', 'SentTimestamp'])
    await run.close()
  })

  it('parses JSON bodies and marks one that is not JSON with a permanent source.invalid-json error', async () => {
    const fake = new FakeSqs('orders')
    fake.send('{"id":1}')
    fake.send('{not json')
    const run = start(fake, { bodyFormat: 'json' })
    await waitFor(() => run.received.length === 2, 'both envelopes')
    expect(run.received[0]?.body).toEqual({ id: 1 })
    expect(run.received[0]?.decodeError).toBeUndefined()
    const invalid = run.received[1]
    expect(invalid?.body).toBe('{not json')
    expect(invalid?.decodeError).toMatchObject({ code: 'source.invalid-json', permanent: true })
    await run.close()
  })

  it('says it caught up when a receive comes back empty, not while receives bring messages', async () => {
    const fake = new FakeSqs('orders')
    for (let i = 0; i < 3; i++) fake.send(`m${i}`)
    const run = start(fake, { pollers: 1, maxMessages: 3 })
    await waitFor(() => run.received.length === 3, 'three envelopes')
    expect(run.context.metrics.caughtUps).toBe(0)
    await waitFor(() => run.context.metrics.caughtUps > 0, 'an empty receive')
    expect(fake.calls.receive).toBeGreaterThan(1)
    await run.close()
  })

  it('cuts off a long poll on an idle queue when stopped, without waiting for it to end', async () => {
    const fake = new FakeSqs('orders')
    const run = start(fake, { waitTimeSeconds: 20 })
    await waitFor(() => fake.calls.receive === 1, 'a long poll')
    await run.source.stop()
    await run.source.drained()
    expect(fake.abortedReceives).toBe(1)
    expect(fake.calls.receive).toBe(1)
    await run.close()
  }, 10_000)

  it('polls an idle queue with a short visibility and extends what it takes to the full one; only such a poll can be cut off', async () => {
    const fake = new FakeSqs('orders')
    const run = start(fake, { waitTimeSeconds: 5 })
    await waitFor(() => fake.calls.receive >= 1, 'a first poll')
    fake.send('a')
    await waitFor(() => run.received.length === 1, 'the message')
    await waitFor(() => fake.calls.changeVisibilityBatch === 1, 'the extension')
    expect(fake.receives[0]).toMatchObject({
      waitTimeSeconds: 5,
      visibilityTimeoutSeconds: IDLE_VISIBILITY_SECONDS,
    })
    expect(fake.visibilityChanges).toEqual([{ id: 'm-1', seconds: 30 }])
    await waitFor(() => fake.calls.receive >= 2, 'the next poll')
    expect(fake.receiveSignals[0]).toBeInstanceOf(AbortSignal)
    expect(fake.receives[1]?.waitTimeSeconds).toBe(BUSY_WAIT_SECONDS)
    expect(fake.receives[1]?.visibilityTimeoutSeconds).toBeUndefined()
    expect(fake.receiveSignals[1]).toBeUndefined()
    for (const e of run.received) e.ack()
    await run.close()
  }, 10_000)

  it('lets a receive sent while messages flow end by itself when stopped, rather than cutting it off', async () => {
    const fake = new FakeSqs('orders')
    fake.send('a')
    const run = start(fake, { waitTimeSeconds: 20 })
    await waitFor(() => run.received.length === 1, 'the message')
    run.received[0]?.ack()
    await waitFor(() => fake.calls.receive >= 2, 'a poll while busy')
    await run.source.stop()
    await run.source.drained()
    expect(fake.receives[1]?.waitTimeSeconds).toBe(BUSY_WAIT_SECONDS)
    expect(fake.abortedReceives).toBe(0)
    await run.close()
  }, 10_000)

  it('extends the visibility of messages still in flight', async () => {
    const fake = new FakeSqs('orders')
    fake.send('slow')
    const run = start(fake, {
      visibilityTimeoutSeconds: 2,
      heartbeat: { intervalSeconds: 1, extensionSeconds: 4 },
    })
    await waitFor(() => run.received.length === 1, 'the envelope')
    await waitFor(() => fake.calls.changeVisibilityBatch >= 1, 'a heartbeat', 5_000)
    expect(fake.visibilityChanges[0]).toMatchObject({ seconds: 4 })
    run.received[0]?.ack()
    await run.source.stop()
    await run.source.drained()
    expect(fake.remaining()).toBe(0)
    await run.close()
  }, 10_000)

  it('resolves a queue name with GetQueueUrl, and fails with source.queue-missing when it does not exist', async () => {
    const fake = new FakeSqs('orders')
    const run = start(fake, { queue: 'missing' })
    await waitFor(() => run.failure() !== undefined, 'the failure')
    expect(run.failure()).toBeInstanceOf(DeliveryError)
    expect(run.failure()).toMatchObject({ code: 'source.queue-missing', permanent: true })
    await run.close()
  })

  it('fails with source.access-denied when receiving is refused, and retries throttling', async () => {
    const fake = new FakeSqs('orders')
    fake.failNext('receive', Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
    fake.failNext(
      'receive',
      Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    )
    const run = start(fake)
    await waitFor(() => run.failure() !== undefined, 'the failure', 5_000)
    expect(run.failure()).toMatchObject({ code: 'source.access-denied' })
    expect(String(run.failure())).toContain('sqs:ReceiveMessage')
    expect(fake.calls.receive).toBe(2)
    await run.close()
  })
})
