import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { sourceSqs } from '@sluice/assets'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queueDepth } from '../../e2e/support/queues.ts'
import type { Source } from '../../runtime/contracts.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import { retryableError } from '../../runtime/errors.ts'
import { sourceStarters } from '../index.ts'
import { testContext } from '../testing/context.ts'
import { localClients } from '../testing/local-clients.ts'
import { waitFor } from '../testing/source-conformance.ts'
import { resolvedSpec } from '../testing/specs.ts'
import { IDLE_VISIBILITY_SECONDS } from './queue-consumer.ts'
import { type ReceiveRequest, type SqsApi, sqsApi } from './sqs-api.ts'
import { SqsSource } from './sqs-source.ts'

let aws: LocalAws
let sqs: SQSClient
let urls: Record<string, string>

beforeAll(async () => {
  aws = await startLocalAws()
  sqs = new SQSClient({ ...aws.clientConfig('sqs'), maxAttempts: 1 })
  const created = await createResources(aws, {
    queues: ['batch', 'nack', 'ledger.fifo', 'attrs', 'slow', 'json', 'poison-dlq', 'idle'],
  })
  urls = created.queueUrls
}, 60_000)

afterAll(async () => {
  sqs?.destroy()
  await aws?.stop()
})

function url(name: string): string {
  const found = urls[name]
  if (found === undefined) throw new Error(`queue ${name} was not created`)
  return found
}

function spying(api: SqsApi): SqsApi & { receives: ReceiveRequest[]; deleteCalls: number[] } {
  const receives: ReceiveRequest[] = []
  const deleteCalls: number[] = []
  return {
    ...api,
    receives,
    deleteCalls,
    receive: (request, signal) => {
      receives.push(request)
      return api.receive(request, signal)
    },
    deleteBatch: (queueUrl, entries) => {
      deleteCalls.push(entries.length)
      return api.deleteBatch(queueUrl, entries)
    },
  }
}

function run(source: Source, onEnvelope: (e: Envelope, all: Envelope[]) => void = () => {}) {
  const received: Envelope[] = []
  let failure: unknown
  const subscription = source.messages.subscribe({
    next: (e) => {
      received.push(e)
      onEnvelope(e, received)
    },
    error: (e) => {
      failure = e
    },
  })
  return {
    received,
    failure: () => failure,
    async finish() {
      await source.stop()
      await source.drained()
      subscription.unsubscribe()
    },
  }
}

async function sendMany(queueUrl: string, bodies: string[], groupId?: string): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies.slice(i, i + 10).map((body, j) => ({
      Id: String(j),
      MessageBody: body,
      ...(groupId === undefined
        ? {}
        : { MessageGroupId: groupId, MessageDeduplicationId: `${groupId}-${i + j}` }),
    }))
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  }
}

function spec(fields: object) {
  return resolvedSpec(sourceSqs, { connection: 'local', waitTimeSeconds: 1, ...fields })
}

describe('source.sqs against the local stack', () => {
  it('is registered: the starter receives in batches and deletes on ack in batches of 10', async () => {
    await sendMany(
      url('batch'),
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    )
    const starter = sourceStarters.find((s) => s.kind === 'source.sqs')
    const context = testContext({ clients: localClients(aws) })
    const started = starter?.start(
      { connection: 'local', queue: 'batch', maxInFlight: 30, waitTimeSeconds: 1 },
      {},
      context,
    )
    const source = started?.component
    if (source === undefined) throw new Error(`not started: ${JSON.stringify(started?.issues)}`)
    const r = run(source)
    await waitFor(() => r.received.length === 25, '25 messages')
    for (const e of r.received) e.ack()
    await r.finish()
    expect(new Set(r.received.map((e) => e.body)).size).toBe(25)
    expect(await queueDepth(sqs, url('batch'))).toEqual({ visible: 0, inFlight: 0 })
    context.clients.destroy()
  })

  it('asks for at most the free room and deletes acked messages with DeleteMessageBatch', async () => {
    await sendMany(
      url('batch'),
      Array.from({ length: 20 }, (_, i) => `n${i}`),
    )
    const clients = localClients(aws)
    const api = spying(sqsApi(clients.sqs()))
    const context = testContext({ clients })
    const r = run(new SqsSource(spec({ queue: url('batch'), maxInFlight: 20 }), context, api))
    await waitFor(() => r.received.length === 20, '20 messages')
    expect(api.receives[0]?.maxMessages).toBe(10)
    for (const e of r.received) e.ack()
    await r.finish()
    expect(api.deleteCalls.reduce((a, b) => a + b, 0)).toBe(20)
    expect(Math.max(...api.deleteCalls)).toBe(10)
    expect(await queueDepth(sqs, url('batch'))).toEqual({ visible: 0, inFlight: 0 })
    clients.destroy()
  })

  it('delivers a nacked message again with a higher receive count', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('nack'), MessageBody: 'retry me' }))
    const clients = localClients(aws)
    const source = new SqsSource(
      spec({ queue: 'nack', onNack: { mode: 'immediate' } }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source, (e) => {
      if (e.meta.receiveCount === 1) e.nack(retryableError('sink.down', 'the sink is down'))
      else e.ack()
    })
    await waitFor(() => r.received.length === 2, 'the redelivery')
    expect(r.received.map((e) => e.meta.receiveCount)).toEqual([1, 2])
    expect(r.received[1]?.body).toBe('retry me')
    await r.finish()
    expect(await queueDepth(sqs, url('nack'))).toEqual({ visible: 0, inFlight: 0 })
    clients.destroy()
  })

  it('keeps FIFO order within each group, one message of a group in flight at a time', async () => {
    for (const group of ['g1', 'g2', 'g3'])
      await sendMany(
        url('ledger.fifo'),
        Array.from({ length: 5 }, (_, i) => `${group}:${i}`),
        group,
      )
    const clients = localClients(aws)
    const inFlightPerGroup = new Map<string, number>()
    let overlap = false
    const source = new SqsSource(
      spec({ queue: 'ledger.fifo', maxInFlight: 10 }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source, (e) => {
      const group = String(e.meta.groupId)
      const now = (inFlightPerGroup.get(group) ?? 0) + 1
      if (now > 1) overlap = true
      inFlightPerGroup.set(group, now)
      setTimeout(() => {
        inFlightPerGroup.set(group, (inFlightPerGroup.get(group) ?? 1) - 1)
        e.ack()
      }, Math.random() * 30)
    })
    await waitFor(() => r.received.length === 15, 'all 15 messages')
    await r.finish()
    expect(overlap).toBe(false)
    for (const group of ['g1', 'g2', 'g3'])
      expect(r.received.map((e) => String(e.body)).filter((b) => b.startsWith(group))).toEqual(
        Array.from({ length: 5 }, (_, i) => `${group}:${i}`),
      )
    clients.destroy()
  })

  it('reads the selected message attributes into attributes and system attributes into meta', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('attrs'),
        MessageBody: 'with attributes',
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'acme' },
          'trace.id': { DataType: 'String', StringValue: 'abc' },
          'trace.depth': { DataType: 'Number', StringValue: '3' },
          ignored: { DataType: 'String', StringValue: 'x' },
          raw: { DataType: 'Binary', BinaryValue: new Uint8Array([104, 105]) },
        },
      }),
    )
    const clients = localClients(aws)
    const source = new SqsSource(
      spec({
        queue: 'attrs',
        attributeNames: ['tenant', 'trace.*', 'raw'],
        systemAttributes: ['SentTimestamp'],
      }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source, (e) => e.ack())
    await waitFor(() => r.received.length === 1, 'the message')
    await r.finish()
    const [envelope] = r.received
    expect(envelope?.attributes).toEqual({
      tenant: 'acme',
      'trace.id': 'abc',
      'trace.depth': '3',
      raw: 'aGk=',
    })
    expect(envelope?.meta).toMatchObject({ queue: 'attrs', receiveCount: 1 })
    expect(Number(envelope?.meta.SentTimestamp)).toBeGreaterThan(1_600_000_000_000)
    expect(typeof envelope?.meta.messageId).toBe('string')
    clients.destroy()
  })

  it('keeps a slow message invisible with the heartbeat until it is acked', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('slow'), MessageBody: 'slow work' }))
    const clients = localClients(aws)
    const source = new SqsSource(
      spec({
        queue: 'slow',
        visibilityTimeoutSeconds: 2,
        heartbeat: { intervalSeconds: 1, extensionSeconds: 3 },
      }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source)
    await waitFor(() => r.received.length === 1, 'the message')
    const stolen: string[] = []
    const until = Date.now() + 5_000
    while (Date.now() < until) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url('slow'), WaitTimeSeconds: 1 }),
      )
      for (const m of Messages ?? []) stolen.push(m.Body ?? '')
    }
    expect(stolen).toEqual([])
    r.received[0]?.ack()
    await r.finish()
    expect(await queueDepth(sqs, url('slow'))).toEqual({ visible: 0, inFlight: 0 })
    clients.destroy()
  }, 20_000)

  it('emits a body that is not JSON with a permanent source.invalid-json decode error', async () => {
    await sendMany(url('json'), ['{"ok":true}', 'not json {'])
    const clients = localClients(aws)
    const source = new SqsSource(
      spec({ queue: 'json', bodyFormat: 'json' }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source, (e) => e.ack())
    await waitFor(() => r.received.length === 2, 'both messages')
    await r.finish()
    const valid = r.received.find((e) => e.decodeError === undefined)
    const invalid = r.received.find((e) => e.decodeError !== undefined)
    expect(valid?.body).toEqual({ ok: true })
    expect(invalid?.body).toBe('not json {')
    expect(invalid?.decodeError).toMatchObject({ code: 'source.invalid-json', permanent: true })
    clients.destroy()
  })

  it('reads the redrive policy and lets the queue move a message nacked too often to its dead-letter queue', async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url('poison-dlq'), AttributeNames: ['QueueArn'] }),
    )
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'poison',
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 2 }),
        },
      }),
    )
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }))
    const clients = localClients(aws)
    const context = testContext({ clients })
    const source = new SqsSource(
      spec({ queue: 'poison', onNack: { mode: 'immediate' } }),
      context,
      sqsApi(clients.sqs()),
    )
    const r = run(source, (e) => e.nack(retryableError('sink.down', 'down')))
    await waitFor(() => r.received.length === 2, 'two deliveries')
    expect(r.received.map((e) => e.meta.maxReceiveCount)).toEqual([2, 2])
    await waitFor(
      () => context.log.at('warn').some((m) => m.includes('dead-letter queue')),
      'the dead-letter warning',
    )
    await r.finish()
    await waitFor(() => r.received.length === 2, 'no third delivery')
    const moved = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url('poison-dlq'), WaitTimeSeconds: 2 }),
    )
    expect(moved.Messages?.map((m) => m.Body)).toEqual(['poison'])
    clients.destroy()
  }, 20_000)

  it('stops at once on an idle queue; a message its cut-off long poll took comes back within the idle visibility', async () => {
    const clients = localClients(aws)
    const api = spying(sqsApi(clients.sqs()))
    const source = new SqsSource(spec({ queue: 'idle', waitTimeSeconds: 20 }), testContext({ clients }), api)
    const r = run(source)
    await waitFor(() => api.receives.length === 1, 'a long poll')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await r.finish()
    await sqs.send(new SendMessageCommand({ QueueUrl: url('idle'), MessageBody: 'late' }))
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url('idle'),
        WaitTimeSeconds: 3 * IDLE_VISIBILITY_SECONDS,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    )
    expect(api.receives[0]?.visibilityTimeoutSeconds).toBe(IDLE_VISIBILITY_SECONDS)
    expect(Messages.map((m) => m.Body)).toEqual(['late'])
    clients.destroy()
  }, 30_000)

  it('fails messages with source.queue-missing for a queue that does not exist', async () => {
    const clients = localClients(aws)
    const source = new SqsSource(
      spec({ queue: 'no-such-queue' }),
      testContext({ clients }),
      sqsApi(clients.sqs()),
    )
    const r = run(source)
    await waitFor(() => r.failure() !== undefined, 'the failure')
    expect(r.failure()).toMatchObject({ code: 'source.queue-missing', permanent: true })
    await r.finish()
    clients.destroy()
  })
})
