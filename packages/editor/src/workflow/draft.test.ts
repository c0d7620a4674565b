import { builtinRegistry, validateAsset } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { draftFromSpec, specFromDraft } from './draft.ts'
import { renameNode } from './graph-edits.ts'

const spec = {
  nodes: [
    { id: 'orders', type: 'source', asset: 'orders-queue', position: { x: 0, y: 100 } },
    { id: 'total', type: 'map', expression: '$merge([$, {"t": 1}])', position: { x: 280, y: 100 } },
    {
      id: 'by-size',
      type: 'route',
      routes: [{ name: 'large', when: 't >= 1000' }],
      otherwise: 'default',
      position: { x: 560, y: 100 },
    },
    { id: 'alerts', type: 'sink', asset: 'topic', position: { x: 840, y: 0 } },
    { id: 'audit', type: 'sink', asset: 'queue', position: { x: 840, y: 200 } },
  ],
  links: [
    { from: 'orders', to: 'total' },
    { from: 'total', to: 'by-size' },
    { from: 'by-size.large', to: 'alerts' },
    { from: 'by-size.default', to: 'audit' },
  ],
  errorSink: 'audit',
}

describe('workflow ↔ canvas draft', () => {
  it('round-trips a workflow spec exactly', () => {
    const { draft, positioned } = draftFromSpec(spec)
    expect(positioned).toBe(true)
    expect(specFromDraft(draft)).toEqual(spec)
    expect(
      validateAsset(builtinRegistry, { kind: 'workflow', name: 'w', spec: specFromDraft(draft) }).issues,
    ).toEqual([])
  })

  it('splits route ports out of link endpoints', () => {
    const { draft } = draftFromSpec(spec)
    expect(draft.links[2]).toEqual({ from: 'by-size', port: 'large', to: 'alerts' })
    expect(draft.links[0]).toEqual({ from: 'orders', port: 'out', to: 'total' })
  })

  it('reports when positions are missing and keeps unknown properties', () => {
    const { draft, positioned } = draftFromSpec({
      nodes: [{ id: 'a', type: 'source', asset: 'x' }],
      extra: 1,
    })
    expect(positioned).toBe(false)
    expect(specFromDraft(draft)).toMatchObject({ extra: 1, nodes: [{ id: 'a', asset: 'x' }], links: [] })
  })

  it('tolerates a broken spec without throwing', () => {
    const { draft } = draftFromSpec({ nodes: [null, { id: 3 }], links: [{ from: 1 }] })
    expect(draft.nodes.map((n) => [n.id, n.type])).toEqual([
      ['', ''],
      ['', ''],
    ])
    expect(draft.links).toEqual([])
  })

  it('renames a node with every link and the error sink', () => {
    const { draft } = draftFromSpec(spec)
    const renamed = specFromDraft(renameNode(draft, 'audit', 'audit-q'))
    expect(renamed.errorSink).toBe('audit-q')
    expect(renamed.links).toContainEqual({ from: 'by-size.default', to: 'audit-q' })
  })
})
