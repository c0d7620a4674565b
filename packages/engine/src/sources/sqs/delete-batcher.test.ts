import { describe, expect, it } from 'vitest'
import { DeliveryError } from '../../runtime/errors.ts'
import { fatalSourceError } from '../shared/fatal-error.ts'
import { RecordingLog } from '../testing/context.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import { DeleteBatcher } from './delete-batcher.ts'

function received(fake: FakeSqs, count: number): string[] {
  for (let i = 0; i < count; i++) fake.send(`m${i}`)
  return fake.messages.map((m) => {
    m.receiveCount = 1
    m.receipt = `${m.id}#1`
    return m.receipt
  })
}

function batcher(fake: FakeSqs, log = new RecordingLog(), fatal: DeliveryError[] = []) {
  return new DeleteBatcher(fake, fake.url, log, {
    lingerMs: 5,
    fatal: (error) => fatalSourceError(error, { kind: 'queue', name: 'q' }, 'sqs:DeleteMessage'),
    onFatal: (error) => fatal.push(error),
  })
}

describe('DeleteBatcher', () => {
  it('sends full batches at once and the rest after the linger', async () => {
    const fake = new FakeSqs()
    const deleter = batcher(fake)
    await Promise.all(received(fake, 13).map((r) => deleter.delete(r)))
    expect(fake.calls.deleteBatch).toBe(2)
    expect(fake.remaining()).toBe(0)
  })

  it('gives up on an entry that can never be deleted, and logs it', async () => {
    const fake = new FakeSqs()
    const log = new RecordingLog()
    const deleter = batcher(fake, log)
    const [valid] = received(fake, 1)
    await Promise.all([deleter.delete(valid ?? ''), deleter.delete('stale-receipt')])
    await deleter.flush()
    expect(fake.remaining()).toBe(0)
    expect(log.entries.find((e) => e.level === 'warn')?.fields).toMatchObject({
      reason: expect.stringContaining('ReceiptHandleIsInvalid'),
    })
  })

  it('reports access denied as fatal instead of retrying', async () => {
    const fake = new FakeSqs()
    const fatal: DeliveryError[] = []
    const deleter = batcher(fake, new RecordingLog(), fatal)
    fake.failNext(
      'deleteBatch',
      Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    )
    await deleter.delete(received(fake, 1)[0] ?? '')
    expect(fake.calls.deleteBatch).toBe(1)
    expect(fatal[0]).toBeInstanceOf(DeliveryError)
    expect(fatal[0]?.code).toBe('source.access-denied')
  })
})
