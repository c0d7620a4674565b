import { sourceS3 } from '@sluice/assets'
import type { Envelope } from '../../runtime/envelope.ts'
import { S3Source, type S3SourceSpec } from '../s3/s3-source.ts'
import { type MemoryStateStore, testContext } from './context.ts'
import type { FakeS3 } from './fake-s3.ts'
import type { FakeSqs } from './fake-sqs.ts'
import { resolvedSpec } from './specs.ts'

/** A `source.s3` spec for tests: bucket `inbox`, prefix `in/`, lines, polling every second. */
export function s3Spec(fields: object = {}): S3SourceSpec {
  return resolvedSpec(sourceS3, {
    connection: 'aws',
    bucket: 'inbox',
    prefix: 'in/',
    discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
    format: { type: 'lines' },
    ...fields,
  })
}

/** A running S3 source over fakes, with what it emitted and how it ended. */
export function startS3(
  s3: FakeS3,
  fields: object = {},
  options: { sqs?: FakeSqs; state?: MemoryStateStore; onEnvelope?: (e: Envelope) => void } = {},
) {
  const context = testContext(options.state === undefined ? {} : { state: options.state })
  const sqs = options.sqs
  const source = new S3Source(s3Spec(fields), context, {
    s3,
    notificationWaitSeconds: 1,
    sqs: () => {
      if (sqs === undefined) throw new Error('this test gives no SQS fake')
      return sqs
    },
  })
  const received: Envelope[] = []
  let failure: unknown
  let completed = false
  const subscription = source.messages.subscribe({
    next: (e) => {
      received.push(e)
      options.onEnvelope?.(e)
    },
    error: (e) => {
      failure = e
    },
    complete: () => {
      completed = true
    },
  })
  return {
    source,
    context,
    received,
    failure: () => failure,
    completed: () => completed,
    /** Stops, acks what is still out, and waits until drained. */
    async close() {
      await source.stop()
      for (const e of received) e.ack()
      await source.drained()
      subscription.unsubscribe()
      context.abort.abort()
    },
  }
}
