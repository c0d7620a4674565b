import { KinesisClient } from '@aws-sdk/client-kinesis'
import type { AwsClients } from '@sluice/aws'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../e2e/support/streams.ts'
import { starterOf } from '../../runtime/components.ts'
import { localClients, startSink } from '../testing/local-stack.ts'
import { SettleRecorder } from '../testing/sink-context.ts'
import { kinesisSink } from './kinesis-sink.ts'

let aws: LocalAws
let clients: AwsClients
let kinesis: KinesisClient

beforeAll(async () => {
  aws = await startLocalAws()
  clients = localClients(aws)
  kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  await createResources(aws, { streams: ['clicks'] })
}, 60_000)

afterAll(async () => {
  kinesis?.destroy()
  clients?.destroy()
  await aws?.stop()
})

describe('Kinesis sink on the local stack', () => {
  it('puts more records than one call takes; GetRecords reads each back with its partition key', async () => {
    const { sink, metrics } = startSink(
      starterOf(kinesisSink),
      { connection: 'local', stream: 'clicks', partitionKey: 'session-${msg:body.session}' },
      clients,
    )
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 1200 }, (_, n) => owner.envelope({ session: n % 7, n }))
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 1200 })
    expect(metrics.batches.map((b) => b.entries)).toEqual([500, 500, 200])

    const records = await readRecords(kinesis, 'clicks')
    expect(records).toHaveLength(1200)
    for (const record of records) {
      const body = JSON.parse(record.data)
      expect(record.key).toBe(`session-${body.session}`)
    }
    expect(new Set(records.map((r) => JSON.parse(r.data).n)).size).toBe(1200)
  }, 60_000)
})
