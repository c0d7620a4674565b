import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { reconcileDocument } from './reconcile-document.ts'

const reconciled = (text: string, target: unknown) => {
  const doc = parseDocument(text)
  reconcileDocument(doc, target)
  expect(doc.toJS()).toEqual(target)
  return doc.toString()
}

describe('reconcileDocument', () => {
  it('keeps the comments of untouched and changed nodes', () => {
    const text = '# head\na: 1 # beside a\n# above b\nb:\n  - x # first\n  # after the list\nc: [1, 2]\n'
    expect(reconciled(text, { a: 2, b: ['x', 'y'], c: [1, 2] })).toBe(
      '# head\na: 2 # beside a\n# above b\nb:\n  - x # first\n  - y\n  # after the list\nc: [ 1, 2 ]\n',
    )
  })

  it('removes keys and inserts new ones after their predecessor', () => {
    expect(reconciled('a: 1\nc: 3\nd: 4\n', { a: 1, b: { x: [1] }, c: 3 })).toBe(
      'a: 1\nb:\n  x: [ 1 ]\nc: 3\n',
    )
  })

  it('replaces a node whose type changes, keeping its comment and flow style', () => {
    expect(reconciled('a: { x: 1 } # note\nb: "7"\n', { a: { y: 2 }, b: 7 })).toBe(
      'a: { y: 2 } # note\nb: 7\n',
    )
    expect(reconciled('a: [1] # note\n', { a: 'text' })).toBe('a: text # note\n')
  })

  it('shrinks a list from its end', () => {
    expect(reconciled('- a # one\n- b\n- c\n', ['a', 'b'])).toBe('- a # one\n- b\n')
  })
})
