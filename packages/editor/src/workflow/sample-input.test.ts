import { describe, expect, it } from 'vitest'
import { draftFromSpec } from './draft.ts'
import { pathTo, sampleInput } from './sample-input.ts'

const { draft } = draftFromSpec({
  nodes: [
    { id: 'in', type: 'source', asset: 'q' },
    { id: 'total', type: 'map', expression: '$merge([$, {"total": a + b}])' },
    { id: 'big', type: 'filter', expression: 'total > 2' },
    { id: 'double', type: 'map', expression: '{"t2": total * 2}' },
    { id: 'out', type: 'sink', asset: 's' },
    { id: 'lonely', type: 'map', expression: '$' },
  ],
  links: [
    { from: 'in', to: 'total' },
    { from: 'total', to: 'big' },
    { from: 'big', to: 'double' },
    { from: 'double', to: 'out' },
  ],
})

describe('the sample message at a node', () => {
  it('runs the sample through the maps before the node', async () => {
    expect(await sampleInput(draft, 'big', { a: 1, b: 2 })).toEqual({
      ok: true,
      body: { a: 1, b: 2, total: 3 },
      through: ['total'],
    })
    expect(await sampleInput(draft, 'out', { a: 1, b: 2 })).toEqual({
      ok: true,
      body: { t2: 6 },
      through: ['total', 'double'],
    })
  })

  it('uses the sample as it is where no source leads', async () => {
    expect(pathTo(draft, 'lonely')).toBeUndefined()
    expect(await sampleInput(draft, 'lonely', { a: 1 })).toEqual({ ok: true, body: { a: 1 }, through: [] })
  })

  it('says which map fails on the sample', async () => {
    const { draft: broken } = draftFromSpec({
      nodes: [
        { id: 'in', type: 'source', asset: 'q' },
        { id: 'm', type: 'map', expression: '$nope()' },
        { id: 'f', type: 'filter', expression: 'x' },
      ],
      links: [
        { from: 'in', to: 'm' },
        { from: 'm', to: 'f' },
      ],
    })
    expect(await sampleInput(broken, 'f', {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('map "m"'),
    })
  })
})
