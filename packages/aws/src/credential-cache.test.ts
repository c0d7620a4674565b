import type { AwsCredentialIdentity } from '@smithy/types'
import { describe, expect, it } from 'vitest'
import { cacheCredentials } from './credential-cache.ts'

function fakeSts(lifetimeMs: number, clock: { now: number }) {
  const calls: number[] = []
  let failNext: Error | undefined
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    calls.push(clock.now)
    if (failNext) {
      const error = failNext
      failNext = undefined
      throw error
    }
    return {
      accessKeyId: `ASIA${calls.length}`,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(clock.now + lifetimeMs),
    }
  }
  return { fetch, calls, failOnce: (error: Error) => (failNext = error) }
}

describe('cacheCredentials', () => {
  it('serves cached credentials until less than 60 s of lifetime remain', async () => {
    const clock = { now: 1_000_000 }
    const sts = fakeSts(15 * 60_000, clock)
    const provider = cacheCredentials(sts.fetch, { now: () => clock.now })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    clock.now += 13 * 60_000
    expect((await provider()).accessKeyId).toBe('ASIA1')
    clock.now += 59_999
    expect((await provider()).accessKeyId).toBe('ASIA1')
    clock.now += 2
    expect((await provider()).accessKeyId).toBe('ASIA2')
    expect(sts.calls).toEqual([1_000_000, 1_000_000 + 14 * 60_000 + 1])
  })

  it('shares one refresh between concurrent callers', async () => {
    const clock = { now: 0 }
    const sts = fakeSts(3_600_000, clock)
    const provider = cacheCredentials(sts.fetch, { now: () => clock.now })
    const keys = await Promise.all(Array.from({ length: 20 }, () => provider()))
    expect(new Set(keys.map((k) => k.accessKeyId))).toEqual(new Set(['ASIA1']))
    expect(sts.calls).toHaveLength(1)
  })

  it('fetches credentials without an expiration once', async () => {
    let calls = 0
    const provider = cacheCredentials(async () => {
      calls += 1
      return { accessKeyId: 'AKIA', secretAccessKey: 's' }
    })
    await provider()
    await provider()
    expect(calls).toBe(1)
  })

  it('keeps serving still-valid credentials when a refresh fails, then throws once they expire', async () => {
    const clock = { now: 0 }
    const sts = fakeSts(120_000, clock)
    const provider = cacheCredentials(sts.fetch, { now: () => clock.now, retryAfterFailureMs: 5_000 })
    await provider()
    clock.now = 61_000
    sts.failOnce(new Error('sts down'))
    expect((await provider()).accessKeyId).toBe('ASIA1')
    clock.now = 63_000
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(sts.calls).toHaveLength(2)
    clock.now = 67_000
    expect((await provider()).accessKeyId).toBe('ASIA3')
    clock.now = 500_000
    sts.failOnce(new Error('sts down'))
    await expect(provider()).rejects.toThrow('sts down')
  })

  it('does not cache a failure: the next caller tries again', async () => {
    const clock = { now: 0 }
    const sts = fakeSts(3_600_000, clock)
    const provider = cacheCredentials(sts.fetch, { now: () => clock.now })
    sts.failOnce(new Error('boom'))
    await expect(provider()).rejects.toThrow('boom')
    expect((await provider()).accessKeyId).toBe('ASIA2')
  })
})
