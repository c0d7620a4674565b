import { afterAll, describe, expect, it } from 'vitest'
import { Children } from '../../packages/engine/src/system/children.ts'
import { median } from './compare.ts'
import { renderNodeRedSection } from './render.ts'
import { PAIRINGS, type SideResult, sideResultOf } from './workload.ts'

const children = new Children()
afterAll(() => children.killAll())

async function side(script: string, args: string[]): Promise<SideResult | undefined> {
  const child = children.spawn(script, script, args)
  expect(await children.exitOf(child, 60_000)).toBe(0)
  return sideResultOf(child.output())
}

describe('the two sides of the Node-RED comparison, each in its own process', () => {
  it('run the same number of messages through each flow and report rate, CPU and memory', async () => {
    const results = [
      await side('bench/node-red/node-red-side.ts', ['function', '3000']),
      await side('bench/node-red/node-red-side.ts', ['jsonata', '3000']),
      await side('bench/node-red/sluice-side.ts', ['JSONata, fast path', '3000']),
    ]
    expect(results.map((r) => [r?.side, r?.variant, r?.messages])).toEqual([
      ['node-red', 'function', 3000],
      ['node-red', 'jsonata', 3000],
      ['sluice', 'JSONata, fast path', 3000],
    ])
    for (const r of results) {
      expect(r?.perSecond).toBeGreaterThan(0)
      expect(r?.cpuMicrosPerMessage).toBeGreaterThan(0)
      expect(r?.peakRssMiB).toBeGreaterThan(10)
    }
  }, 120_000)

  it('refuse a variant they do not know', async () => {
    const child = children.spawn('bad', 'bench/node-red/sluice-side.ts', ['no such variant', '10'])
    expect(await children.exitOf(child, 30_000)).not.toBe(0)
    expect(child.output()).toContain('unknown variant "no such variant"')
  }, 60_000)
})

describe('the comparison table', () => {
  const result = (side: 'sluice' | 'node-red', perSecond: number, cpu: number): SideResult => ({
    side,
    variant: 'v',
    messages: 1000,
    perSecond,
    cpuMicrosPerMessage: cpu,
    peakRssMiB: 100,
  })

  it('takes the median round and shows both ratios', () => {
    expect(median([result('sluice', 3, 1), result('sluice', 1, 1), result('sluice', 2, 1)]).perSecond).toBe(2)
    expect(() => median([])).toThrow()
    const [pairing] = PAIRINGS
    if (pairing === undefined) throw new Error('no pairings')
    const lines = renderNodeRedSection(
      [
        {
          pairing,
          sluice: result('sluice', 400_000, 2),
          nodeRed: result('node-red', 20_000, 45),
          sluiceRounds: [400_000],
          nodeRedRounds: [20_000],
        },
      ],
      { messages: 1000, rounds: 1, nodeRedVersion: '4.1.15' },
    )
    expect(lines).toContain(
      `| ${pairing.label} | 400,000 | 20,000 | 20.0 × | 2.00 | 45.0 | 22.5 × | 0.00 / 0.05 | 100 / 100 | 400,000 / 20,000 |`,
    )
    expect(lines.join('\n')).toContain('Node-RED 4.1.15, embedded.')
  })
})
