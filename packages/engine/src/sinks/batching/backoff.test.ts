import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.ts'

const policy = { maxAttempts: 8, initialBackoffMs: 100, maxBackoffMs: 1000 }

describe('backoffDelay', () => {
  it('doubles the cap with each failure, up to maxBackoffMs', () => {
    const highest = (failures: number) => backoffDelay(policy, failures, () => 0.999999)
    expect([1, 2, 3, 4, 5, 40].map(highest)).toEqual([99, 199, 399, 799, 999, 999])
  })

  it('draws the whole range from zero (full jitter)', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(0)
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200)
  })
})
