import { describe, expect, it } from 'vitest'
import { startDeadline } from './deadline.ts'
import { AwsCallError } from './errors.ts'

const never = (signal: AbortSignal) =>
  new Promise<string>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
  })
const ignoring = () => new Promise<string>(() => {})

describe('startDeadline', () => {
  it('runs calls that finish in time and passes their errors through', async () => {
    const deadline = startDeadline(5_000)
    expect(await deadline.run('fast', async () => 'ok')).toBe('ok')
    await expect(deadline.run('bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    deadline.dispose()
  })

  it('ends a call that honours the signal, and one that ignores it, with aws.timeout', async () => {
    const deadline = startDeadline(30)
    const results = await Promise.allSettled([
      deadline.run('GetQueueAttributes', never),
      deadline.run('Hang', ignoring),
    ])
    for (const result of results) {
      expect(result.status).toBe('rejected')
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(AwsCallError)
        expect(result.reason).toMatchObject({ code: 'aws.timeout' })
      }
    }
    await expect(deadline.run('Later', async () => 'late')).rejects.toMatchObject({ code: 'aws.timeout' })
    deadline.dispose()
  })

  it('stops when the caller aborts', async () => {
    const parent = new AbortController()
    const deadline = startDeadline(60_000, parent.signal)
    const pending = deadline.run('Listing', never)
    parent.abort()
    await expect(pending).rejects.toThrow('Listing: cancelled before it finished.')
    deadline.dispose()
  })
})
