import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { patchText } from './text-patch.ts'
import { detectStyle } from './yaml-style.ts'

const patched = (text: string, target: unknown) => {
  const doc = parseDocument(text)
  return patchText(text, doc, target, detectStyle(text, doc))
}

describe('patchText', () => {
  it('rewrites only the changed scalar', () => {
    const text = 'a:   1    # spaced\nb: { c: x, d: [1, 2] }\n'
    expect(patched(text, { a: 2, b: { c: 'y,z', d: [1, 3] } })).toBe(
      'a:   2    # spaced\nb: { c: "y,z", d: [1, 3] }\n',
    )
  })

  it('quotes a new string that would read as another type', () => {
    expect(patched('a: x\n', { a: 'true' })).toBe('a: "true"\n')
    expect(patched('a: x\n', { a: '${lay:X}' })).toBe('a: ${lay:X}\n')
    expect(patched('a: [x]\n', { a: ['${lay:X}'] })).toBe('a: ["${lay:X}"]\n')
  })

  it('edits mappings inside a block list', () => {
    const text = 'l:\n  - id: a\n    x: 1\n  - id: b\n'
    expect(patched(text, { l: [{ id: 'a' }, { id: 'b', x: 2 }] })).toBe(
      'l:\n  - id: a\n  - id: b\n    x: 2\n',
    )
  })

  it('replaces a pair whose value becomes a mapping', () => {
    expect(patched('a: 1\nb: 2\n', { a: { x: [1, 2] }, b: 2 })).toBe('a:\n  x: [1, 2]\nb: 2\n')
  })

  it('replaces a mapping emptied of its keys by {}', () => {
    expect(patched('a:\n  x: 1\nb: 2\n', { a: {}, b: 2 })).toBe('a: {}\nb: 2\n')
  })

  it.each([
    ['a list that grows with a comment in it', 'a:\n  - x # c\n', { a: ['x', 'y'] }],
    ['a key added to a flow mapping', 'a: { x: 1 } # c\n', { a: { x: 1, y: 2 } }],
    ['the first key of a commented list item removed', 'l:\n  - id: a # c\n    x: 1\n', { l: [{ x: 1 }] }],
    ['a block scalar changed in a commented pair', 'a: | # c\n  x\n', { a: 'y' }],
    ['an anchored scalar', 'a: &x 1\nb: *x\n', { a: 2, b: 1 }],
  ])('gives up on %s', (_title, text, target) => {
    expect(patched(text, target)).toBeUndefined()
  })
})
