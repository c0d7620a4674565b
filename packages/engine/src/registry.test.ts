import { builtinRegistry } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { sinkStarters } from './sinks/index.ts'
import { sourceStarters } from './sources/index.ts'

describe('the engine registry', () => {
  for (const category of ['source', 'sink'] as const) {
    const starters = category === 'source' ? sourceStarters : sinkStarters
    it(`has exactly one implementation of every ${category} kind`, () => {
      const kinds = builtinRegistry.list(category).map((t) => t.kind)
      expect(kinds.length).toBeGreaterThan(0)
      const count = Object.fromEntries(
        kinds.map((kind) => [kind, starters.filter((s) => s.kind === kind).length]),
      )
      expect(count).toEqual(Object.fromEntries(kinds.map((kind) => [kind, 1])))
    })

    it(`implements no ${category} kind that the asset registry does not define`, () => {
      const known = new Set(builtinRegistry.list(category).map((t) => t.kind))
      expect(starters.map((s) => s.kind).filter((kind) => !known.has(kind))).toEqual([])
    })
  }
})
