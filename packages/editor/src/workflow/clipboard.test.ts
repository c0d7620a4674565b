import { describe, expect, it } from 'vitest'
import { copyNodes, parseClip, pasteClip, serializeClip } from './clipboard.ts'
import { draftFromSpec } from './draft.ts'
import { checkpoint, commit, historyOf, redo, replace, undo } from './history.ts'

const { draft } = draftFromSpec({
  nodes: [
    { id: 'in', type: 'source', asset: 'q', position: { x: 0, y: 0 } },
    { id: 'm', type: 'map', expression: '$', position: { x: 100, y: 0 } },
    { id: 'f', type: 'filter', expression: 'ok', position: { x: 200, y: 0 } },
  ],
  links: [
    { from: 'in', to: 'm' },
    { from: 'm', to: 'f' },
  ],
})

describe('copy and paste', () => {
  it('pastes nodes under fresh ids with the links between them', () => {
    const clip = parseClip(serializeClip(copyNodes(draft, new Set(['m', 'f']))))
    if (!clip) throw new Error('the clip parses')
    const pasted = pasteClip(draft, clip, { x: 40, y: 40 })
    expect(pasted.ids).toEqual(['m-2', 'f-2'])
    expect(pasted.draft.links.at(-1)).toEqual({ from: 'm-2', port: 'out', to: 'f-2' })
    expect(pasted.draft.nodes.at(-1)?.position).toEqual({ x: 240, y: 40 })
    expect(pasted.draft.links).toHaveLength(3)
  })

  it('ignores clipboard text that is not a clip', () => {
    expect(parseClip('hello')).toBeUndefined()
    expect(parseClip('{"nodes":[]}')).toBeUndefined()
  })
})

describe('undo and redo', () => {
  it('steps back and forth, and a new step clears redo', () => {
    let h = commit(commit(historyOf(1), 2), 3)
    h = undo(undo(h))
    expect(h.present).toBe(1)
    h = redo(h)
    expect(h.present).toBe(2)
    h = commit(h, 9)
    expect(h.future).toEqual([])
    expect(undo(h).present).toBe(2)
  })

  it('records a drag as one step', () => {
    let h = checkpoint(historyOf({ x: 0 }))
    for (const x of [1, 2, 3]) h = replace(h, { x })
    expect(undo(h).present).toEqual({ x: 0 })
  })
})
