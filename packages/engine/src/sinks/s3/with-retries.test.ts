import { describe, expect, it } from 'vitest'
import { FakeAwsError } from '../testing/fake-backend.ts'
import { ManualScheduler, settleAsync } from '../testing/manual-scheduler.ts'
import { withRetries } from './with-retries.ts'

const policy = { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 1_000 }

function failing(errors: Error[]) {
  let calls = 0
  const attempt = async () => {
    calls += 1
    const error = errors.shift()
    if (error) throw error
    return 'done'
  }
  return { attempt, calls: () => calls }
}

/** Advances time until `promise` settles, then settles the same way. */
async function run<T>(promise: Promise<T>, scheduler: ManualScheduler): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined
  promise.then(
    (value) => {
      outcome = { ok: true, value }
    },
    (error: unknown) => {
      outcome = { ok: false, error }
    },
  )
  for (let i = 0; i < 20 && outcome === undefined; i++) {
    await settleAsync()
    scheduler.advance(1_000)
  }
  await settleAsync()
  if (outcome === undefined) throw new Error('the attempt never settled')
  if (outcome.ok) return outcome.value
  throw outcome.error
}

describe('withRetries', () => {
  it('retries throttling and 5xx answers after a backoff, then returns the result', async () => {
    const scheduler = new ManualScheduler()
    const f = failing([
      new FakeAwsError('SlowDown', 'slow', 503),
      new FakeAwsError('InternalError', 'oops', 500),
    ])
    let retries = 0
    const result = withRetries(f.attempt, policy, scheduler, new AbortController().signal, () => {
      retries += 1
    })
    expect(await run(result, scheduler)).toBe('done')
    expect([f.calls(), retries]).toEqual([3, 2])
  })

  it('does not retry a permanent error', async () => {
    const scheduler = new ManualScheduler()
    const f = failing([new FakeAwsError('AccessDenied', 'no', 403)])
    const result = withRetries(f.attempt, policy, scheduler, new AbortController().signal, () => undefined)
    await expect(run(result, scheduler)).rejects.toMatchObject({ name: 'AccessDenied' })
    expect(f.calls()).toBe(1)
  })

  it('gives up after maxAttempts, with the last error', async () => {
    const scheduler = new ManualScheduler()
    const f = failing(Array.from({ length: 6 }, (_, i) => new FakeAwsError('SlowDown', `try ${i}`, 503)))
    const result = withRetries(f.attempt, policy, scheduler, new AbortController().signal, () => undefined)
    await expect(run(result, scheduler)).rejects.toMatchObject({ message: 'try 3' })
    expect(f.calls()).toBe(4)
  })

  it('stops waiting and gives up when aborted', async () => {
    const scheduler = new ManualScheduler()
    const stop = new AbortController()
    const f = failing([new FakeAwsError('SlowDown', 'slow', 503), new FakeAwsError('SlowDown', 'again', 503)])
    const result = withRetries(f.attempt, policy, scheduler, stop.signal, () => undefined)
    await settleAsync()
    stop.abort()
    await expect(result).rejects.toMatchObject({ message: 'again' })
    expect(scheduler.pendingTimers).toBe(0)
  })
})
