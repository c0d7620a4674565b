import { describe, expect, it } from 'vitest'
import { Envelope, type Outcome, type SettleHandler } from './envelope.ts'

function recorder(): SettleHandler & { outcomes: Outcome['type'][] } {
  const outcomes: Outcome['type'][] = []
  return { outcomes, settled: (_e, outcome) => outcomes.push(outcome.type) }
}

describe('Envelope', () => {
  it('settles exactly once: the first call wins', () => {
    const owner = recorder()
    const envelope = new Envelope('x', owner)
    expect(envelope.ack()).toBe(true)
    expect(envelope.nack(new Error('late'))).toBe(false)
    expect(envelope.ackFiltered()).toBe(false)
    expect(owner.outcomes).toEqual(['acked'])
    expect(envelope.isSettled).toBe(true)
  })

  it('acks a forked envelope only when every branch is acked', () => {
    const owner = recorder()
    const [a, b, c] = new Envelope('x', owner).fork(3)
    a?.ack()
    b?.ackFiltered()
    expect(owner.outcomes).toEqual([])
    c?.ack()
    expect(owner.outcomes).toEqual(['acked'])
  })

  it('nacks a forked envelope once all branches settle, if any branch failed', () => {
    const owner = recorder()
    const [a, b] = new Envelope('x', owner).fork(2)
    b?.nack(new Error('sink down'))
    expect(owner.outcomes).toEqual([])
    a?.ack()
    expect(owner.outcomes).toEqual(['nacked'])
  })

  it('reports filtered when every branch was filtered', () => {
    const owner = recorder()
    for (const branch of new Envelope('x', owner).fork(2)) branch.ackFiltered()
    expect(owner.outcomes).toEqual(['filtered'])
  })

  it('acks a forked envelope as error-routed when a branch went to the error sink', () => {
    const outcomes: Outcome[] = []
    const [a, b] = new Envelope('x', { settled: (_e, outcome) => outcomes.push(outcome) }).fork(2)
    a?.ackErrorRouted()
    b?.ack()
    expect(outcomes).toEqual([{ type: 'acked', errorRouted: true }])
  })

  it('nests forks', () => {
    const owner = recorder()
    const [a, b] = new Envelope('x', owner).fork(2)
    const [b1, b2] = b?.fork(2) ?? []
    a?.ack()
    b1?.ack()
    expect(owner.outcomes).toEqual([])
    b2?.ack()
    expect(owner.outcomes).toEqual(['acked'])
  })

  it('gives each branch its own attributes', () => {
    const [a, b] = new Envelope('x', recorder(), { k: 'v' }).fork(2)
    if (a) a.attributes.k = 'changed'
    expect(b?.attributes.k).toBe('v')
  })
})
