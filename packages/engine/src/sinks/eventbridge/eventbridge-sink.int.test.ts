import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { AwsClients } from '@sluice/aws'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { starterOf } from '../../runtime/components.ts'
import { localClients, receiveAll, startSink } from '../testing/local-stack.ts'
import { SettleRecorder } from '../testing/sink-context.ts'
import { eventBridgeSink } from './eventbridge-sink.ts'

let aws: LocalAws
let clients: AwsClients
let sqs: SQSClient
let queueUrls: Record<string, string>

async function ruleToQueue(events: EventBridgeClient, bus: string, queue: string): Promise<void> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrls[queue], AttributeNames: ['QueueArn'] }),
  )
  await events.send(
    new PutRuleCommand({
      Name: `to-${queue}`,
      EventBusName: bus,
      EventPattern: JSON.stringify({ source: ['com.example.orders'] }),
    }),
  )
  await events.send(
    new PutTargetsCommand({
      Rule: `to-${queue}`,
      EventBusName: bus,
      Targets: [{ Id: 'q', Arn: Attributes?.QueueArn }],
    }),
  )
}

beforeAll(async () => {
  aws = await startLocalAws()
  clients = localClients(aws)
  sqs = new SQSClient(aws.clientConfig('sqs'))
  queueUrls = (await createResources(aws, { queues: ['from-default', 'from-audit'], buses: ['audit'] }))
    .queueUrls
  const events = new EventBridgeClient(aws.clientConfig('eventbridge'))
  await ruleToQueue(events, 'default', 'from-default')
  await ruleToQueue(events, 'audit', 'from-audit')
  events.destroy()
}, 60_000)

afterAll(async () => {
  sqs?.destroy()
  clients?.destroy()
  await aws?.stop()
})

describe('EventBridge sink on the local stack', () => {
  it('puts each message on every bus; rules deliver the events to their SQS targets', async () => {
    const { sink, metrics } = startSink(
      starterOf(eventBridgeSink),
      {
        connection: 'local',
        eventBuses: ['default', 'audit'],
        source: 'com.example.orders',
        detailType: '${msg:body.type}',
        detail: { from: 'field', path: 'order' },
        resources: ['arn:aws:s3:::orders/${msg:body.order.id}'],
      },
      clients,
    )
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 12 }, (_, n) =>
      owner.envelope({ type: 'OrderPlaced', order: { id: n } }),
    )
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 12 })
    expect(metrics.batches.reduce((sum, b) => sum + b.entries, 0)).toBe(24)

    for (const queue of ['from-default', 'from-audit']) {
      const events = (await receiveAll(sqs, queueUrls[queue] ?? '', 12)).map((m) => JSON.parse(m.Body ?? ''))
      expect(events.map((e) => e.detail.id).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, n) => n),
      )
      expect(events[0]).toMatchObject({ source: 'com.example.orders', 'detail-type': 'OrderPlaced' })
      expect(events[0].resources).toEqual([`arn:aws:s3:::orders/${events[0].detail.id}`])
    }
  }, 60_000)
})
