import { describe, expect, it } from 'vitest'
import { DeliveryError } from '../../runtime/errors.ts'
import { fatalSourceError } from '../shared/fatal-error.ts'
import { RecordingLog } from '../testing/context.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import { waitFor } from '../testing/source-conformance.ts'
import { DeleteBatcher } from './delete-batcher.ts'

function received(fake: FakeSqs, count: number): string[] {
  for (let i = 0; i < count; i++) fake.send(`m${i}`)
  return fake.messages.map((m) => {
    m.receiveCount = 1
    m.receipt = `${m.id}#1`
    return m.receipt
  })
}

/** A batcher of receipt handles, and the handles it has reported done, in order. */
function batcher(fake: FakeSqs, log = new RecordingLog(), fatal: DeliveryError[] = []) {
  const done: string[] = []
  const deleter = new DeleteBatcher<string>(fake, fake.url, log, {
    lingerMs: 5,
    receiptOf: (receipt) => receipt,
    deleted: (receipt) => done.push(receipt),
    fatal: (error) => fatalSourceError(error, { kind: 'queue', name: 'q' }, 'sqs:DeleteMessage'),
    onFatal: (error) => fatal.push(error),
  })
  return { deleter, done }
}

describe('DeleteBatcher', () => {
  it('sends full batches at once and the rest after the linger', async () => {
    const fake = new FakeSqs()
    const { deleter, done } = batcher(fake)
    const receipts = received(fake, 13)
    for (const receipt of receipts) deleter.delete(receipt)
    expect(fake.calls.deleteBatch).toBe(1)
    await waitFor(() => done.length === 13, 'all 13 deletes')
    expect(fake.calls.deleteBatch).toBe(2)
    expect(done.sort()).toEqual(receipts.sort())
    expect(fake.remaining()).toBe(0)
  })

  it('gives up on an entry that can never be deleted, and logs it', async () => {
    const fake = new FakeSqs()
    const log = new RecordingLog()
    const { deleter, done } = batcher(fake, log)
    const [valid = ''] = received(fake, 1)
    deleter.delete(valid)
    deleter.delete('stale-receipt')
    await deleter.flush()
    expect(done.sort()).toEqual([valid, 'stale-receipt'].sort())
    expect(fake.remaining()).toBe(0)
    expect(log.entries.find((e) => e.level === 'warn')?.fields).toMatchObject({
      reason: expect.stringContaining('ReceiptHandleIsInvalid'),
    })
  })

  it('reports access denied as fatal instead of retrying', async () => {
    const fake = new FakeSqs()
    const fatal: DeliveryError[] = []
    const { deleter, done } = batcher(fake, new RecordingLog(), fatal)
    fake.failNext(
      'deleteBatch',
      Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    )
    deleter.delete(received(fake, 1)[0] ?? '')
    await deleter.flush()
    expect(done).toHaveLength(1)
    expect(fake.calls.deleteBatch).toBe(1)
    expect(fatal[0]).toBeInstanceOf(DeliveryError)
    expect(fatal[0]?.code).toBe('source.access-denied')
  })
})
