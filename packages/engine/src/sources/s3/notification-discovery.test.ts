import { describe, expect, it } from 'vitest'
import { retryableError } from '../../runtime/errors.ts'
import { MemoryStateStore } from '../testing/context.ts'
import { FakeS3 } from '../testing/fake-s3.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import { startS3 } from '../testing/s3-harness.ts'
import { waitFor } from '../testing/source-conformance.ts'

function created(key: string, bucket = 'inbox', etag?: string): string {
  return JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket },
          object: { key, size: 1, ...(etag === undefined ? {} : { eTag: etag }) },
        },
      },
    ],
  })
}

const notifications = (fields: object = {}) => ({
  discovery: { mode: 'notifications', queue: 'events', visibilityTimeoutSeconds: 30 },
  ...fields,
})

describe('S3Source with event notifications', () => {
  it('reads the announced object and deletes the notification only once it is committed', async () => {
    const s3 = new FakeS3()
    const sqs = new FakeSqs('events')
    s3.put('inbox', 'in/a b.txt', 'one\ntwo')
    sqs.send(created('in/a+b.txt'))
    const run = startS3(s3, notifications({ afterRead: { action: 'delete' } }), { sqs })
    await waitFor(() => run.received.length === 2, 'two records')
    run.received[0]?.ack()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sqs.remaining()).toBe(1)
    run.received[1]?.ack()
    await waitFor(() => sqs.remaining() === 0, 'the notification deleted')
    expect(s3.object('inbox', 'in/a b.txt')).toBeUndefined()
    await run.close()
  })

  it('unwraps SNS, deletes test events and events it does not read, without reading anything', async () => {
    const s3 = new FakeS3()
    const sqs = new FakeSqs('events')
    s3.put('inbox', 'in/x.txt', 'x')
    s3.put('inbox', 'other/y.txt', 'y')
    sqs.send(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))
    sqs.send(created('other/y.txt'))
    sqs.send(created('in/z.txt', 'another-bucket'))
    sqs.send(JSON.stringify({ Type: 'Notification', Message: created('in/x.txt') }))
    const run = startS3(s3, notifications(), { sqs, onEnvelope: (e) => e.ack() })
    await waitFor(() => sqs.remaining() === 0, 'every notification deleted')
    expect(run.received.map((e) => e.body)).toEqual(['x'])
    expect(s3.calls.get).toBe(1)
    await run.close()
  })

  it('releases the notification with a backoff when an object is left incomplete', async () => {
    const s3 = new FakeS3()
    const sqs = new FakeSqs('events')
    s3.put('inbox', 'in/a.txt', 'one\ntwo')
    sqs.send(created('in/a.txt'))
    const run = startS3(s3, notifications({ afterRead: { action: 'delete' } }), {
      sqs,
      onEnvelope: (e) => e.nack(retryableError('sink.down', 'down')),
    })
    await waitFor(() => sqs.visibilityChanges.some((c) => c.seconds === 5), 'the release with backoff')
    expect(sqs.remaining()).toBe(1)
    expect(s3.object('inbox', 'in/a.txt')).toBeDefined()
    await run.close()
  })

  it('releases a message that is not an S3 event, so the redrive policy can dead-letter it', async () => {
    const s3 = new FakeS3()
    const sqs = new FakeSqs('events')
    s3.bucket('inbox')
    sqs.send('garbage')
    const run = startS3(s3, notifications(), { sqs })
    await waitFor(() => sqs.releases.length === 1, 'the release')
    expect(run.context.log.at('warn').some((m) => m.startsWith('not an S3 event notification'))).toBe(true)
    await run.close()
  })

  it('with keep, does not read an object again for a repeated notification of the same version', async () => {
    const s3 = new FakeS3()
    const sqs = new FakeSqs('events')
    s3.put('inbox', 'in/a.txt', 'once')
    const etag = s3.object('inbox', 'in/a.txt')?.etag
    sqs.send(created('in/a.txt', 'inbox', etag))
    const state = new MemoryStateStore()
    const run = startS3(s3, notifications(), { sqs, state, onEnvelope: (e) => e.ack() })
    await waitFor(() => sqs.remaining() === 0, 'the first notification deleted')
    sqs.send(created('in/a.txt', 'inbox', etag))
    await waitFor(() => sqs.remaining() === 0 && sqs.calls.deleteBatch === 2, 'the repeat deleted')
    expect(run.received).toHaveLength(1)
    await run.close()
  })

  it('fails messages with source.queue-missing when the notification queue does not exist', async () => {
    const s3 = new FakeS3()
    s3.bucket('inbox')
    const run = startS3(
      s3,
      { discovery: { mode: 'notifications', queue: 'missing' } },
      { sqs: new FakeSqs('events') },
    )
    await waitFor(() => run.failure() !== undefined, 'the failure')
    expect(run.failure()).toMatchObject({ code: 'source.queue-missing' })
    await run.close()
  })
})
