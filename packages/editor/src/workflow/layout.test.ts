import { describe, expect, it } from 'vitest'
import { layeredLayout } from './layout.ts'

describe('layered layout', () => {
  it('puts every node one layer right of its longest chain of predecessors', () => {
    const at = layeredLayout(
      ['a', 'b', 'c', 'd'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
        { from: 'c', to: 'd' },
      ],
    )
    expect(['a', 'b', 'c', 'd'].map((id) => at.get(id)?.x)).toEqual([0, 280, 560, 840])
  })

  it('keeps nodes of one layer apart and centred', () => {
    const at = layeredLayout(
      ['s', 'x', 'y', 'z'],
      ['x', 'y', 'z'].map((to) => ({ from: 's', to })),
    )
    const ys = ['x', 'y', 'z'].map((id) => at.get(id)?.y ?? 0)
    expect(new Set(ys).size).toBe(3)
    expect(at.get('s')?.y).toBe(110)
  })

  it('orders a layer to avoid crossings', () => {
    const at = layeredLayout(
      ['s', 'a', 'b', 'c', 'd'],
      [
        { from: 's', to: 'a' },
        { from: 's', to: 'b' },
        { from: 'a', to: 'd' },
        { from: 'b', to: 'c' },
      ],
    )
    const y = (id: string) => at.get(id)?.y ?? 0
    expect(y('a')).not.toBe(y('b'))
    expect(Math.sign(y('a') - y('b'))).toBe(Math.sign(y('d') - y('c')))
  })

  it('packs unconnected chains into a landscape area', () => {
    const ids: string[] = []
    const links: { from: string; to: string }[] = []
    for (let c = 0; c < 50; c += 1) {
      ids.push(`c${c}-a`, `c${c}-b`, `c${c}-c`)
      links.push({ from: `c${c}-a`, to: `c${c}-b` }, { from: `c${c}-b`, to: `c${c}-c` })
    }
    const points = [...layeredLayout(ids, links).values()]
    const width = Math.max(...points.map((p) => p.x)) + 200
    const height = Math.max(...points.map((p) => p.y)) + 70
    expect(width / height).toBeGreaterThan(0.8)
    expect(width / height).toBeLessThan(4)
  })

  it('survives cycles, self links and unknown ids', () => {
    const at = layeredLayout(
      ['a', 'b'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'a', to: 'a' },
        { from: 'a', to: 'ghost' },
      ],
    )
    expect(at.get('a')?.x).toBe(0)
    expect(at.get('b')?.x).toBe(280)
  })

  it('lays out 300 nodes in well under a second', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `n${i}`)
    const links = ids.slice(1).map((id, i) => ({ from: `n${Math.floor(i / 3)}`, to: id }))
    const started = performance.now()
    const at = layeredLayout(ids, links)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(at.size).toBe(300)
    const spots = new Set([...at.values()].map((p) => `${p.x},${p.y}`))
    expect(spots.size).toBe(300)
  })
})
