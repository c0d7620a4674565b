import { describe, expect, it } from 'vitest'
import { killSchedule } from './schedule.ts'

const nodes = ['node-1', 'node-2', 'node-3']

describe('killSchedule', () => {
  it('draws the same rounds from the same seed, and others from another', () => {
    expect(killSchedule(7, 8, nodes)).toEqual(killSchedule(7, 8, nodes))
    expect(killSchedule(7, 8, nodes)).not.toEqual(killSchedule(8, 8, nodes))
  })

  it('keeps timings within their bounds and never kills the same node twice in a row', () => {
    const rounds = killSchedule(3, 200, nodes, { killAfterMs: [100, 200], downMs: [10, 20] })
    expect(rounds.map((r) => r.round)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    for (const [i, r] of rounds.entries()) {
      expect(nodes).toContain(r.node)
      expect(r.killAfterMs).toBeGreaterThanOrEqual(100)
      expect(r.killAfterMs).toBeLessThanOrEqual(200)
      expect(r.downMs).toBeGreaterThanOrEqual(10)
      expect(r.downMs).toBeLessThanOrEqual(20)
      if (i > 0) expect(r.node).not.toBe(rounds[i - 1]?.node)
    }
    expect(new Set(rounds.map((r) => r.node))).toEqual(new Set(nodes))
  })

  it('needs two nodes to choose from', () => {
    expect(() => killSchedule(1, 3, ['only'])).toThrow(RangeError)
  })
})
