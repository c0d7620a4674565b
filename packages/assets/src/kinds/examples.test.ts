import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry, builtinTypes } from './builtin.ts'

const examples = builtinTypes.flatMap((type) =>
  type.examples.map((example) => ({ kind: type.kind, title: example.title, yaml: example.yaml })),
)

describe('examples', () => {
  it.each(builtinTypes.map((type) => [type.kind, type.examples.length]))(
    '%s has at least one',
    (_kind, count) => {
      expect(count).toBeGreaterThan(0)
    },
  )

  it.each(examples.map((e) => [e.kind, e.title, e.yaml]))('%s: %s is valid', (kind, _title, yaml) => {
    const document: unknown = parse(yaml)
    const { asset, issues } = validateAsset(builtinRegistry, document)
    expect(issues).toEqual([])
    expect(asset?.kind).toBe(kind)
  })
})
