import { describe, expect, it } from 'vitest'
import { type Queueable, TargetQueue } from './target-queue.ts'

interface Item extends Queueable {
  readonly name: string
}

function item(seq: number, bytes: number, orderKey?: string, alone = false): Item {
  return {
    seq,
    since: seq,
    alone,
    name: `${orderKey ?? ''}${seq}`,
    entry: orderKey === undefined ? { bytes } : { bytes, orderKey },
  }
}

const unlocked = () => false
const limits = { maxEntries: 3, maxBytes: 100 }

describe('TargetQueue', () => {
  it('takes entries in write order up to the count and byte limits', () => {
    const queue = new TargetQueue<Item>()
    for (const seq of [1, 2, 3, 4]) queue.add(item(seq, 40))
    expect(queue.take(limits, unlocked).map((i) => i.name)).toEqual(['1', '2'])
    expect(queue.take(limits, unlocked).map((i) => i.name)).toEqual(['3', '4'])
    expect(queue.size).toBe(0)
    expect(queue.bytes).toBe(0)
  })

  it('puts a retried entry back ahead of later ones', () => {
    const queue = new TargetQueue<Item>()
    queue.add(item(5, 1))
    queue.add(item(7, 1))
    queue.add(item(2, 1))
    expect(queue.take(limits, unlocked).map((i) => i.seq)).toEqual([2, 5, 7])
  })

  it('skips a locked order key and every later entry of it, but not other keys', () => {
    const queue = new TargetQueue<Item>()
    for (const [seq, key] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'a'],
      [4, 'b'],
    ] as const)
      queue.add(item(seq, 10, key))
    expect(queue.take(limits, (key) => key === 'a').map((i) => i.name)).toEqual(['b2', 'b4'])
    expect(queue.take(limits, unlocked).map((i) => i.name)).toEqual(['a1', 'a3'])
  })

  it('keeps a key in order when one of its entries does not fit', () => {
    const queue = new TargetQueue<Item>()
    queue.add(item(1, 60, 'a'))
    queue.add(item(2, 60, 'a'))
    queue.add(item(3, 30, 'b'))
    expect(queue.take(limits, unlocked).map((i) => i.name)).toEqual(['a1', 'b3'])
  })

  it('sends an entry marked alone in a call of its own', () => {
    const queue = new TargetQueue<Item>()
    queue.add(item(1, 1))
    queue.add(item(2, 1, undefined, true))
    queue.add(item(3, 1))
    expect(queue.take(limits, unlocked).map((i) => i.seq)).toEqual([1])
    expect(queue.take(limits, unlocked).map((i) => i.seq)).toEqual([2])
    expect(queue.take(limits, unlocked).map((i) => i.seq)).toEqual([3])
  })
})
