import { describe, expect, it } from 'vitest'
import { Document, parseDocument } from 'yaml'
import { createStyledNode, defaultStyle, detectStyle } from './yaml-style.ts'

const detect = (text: string) => detectStyle(text, parseDocument(text))

describe('detectStyle', () => {
  it('reads indentation, list indentation and flow padding', () => {
    expect(detect('a:\n    b: 1\nl:\n- x\nf: [ 1 ]\n')).toEqual({
      indent: 4,
      indentSeq: false,
      flowCollectionPadding: true,
      lineWidth: 80,
    })
    expect(detect('a:\n  b: 1\nl:\n  - x\nf: {x: 1}\n')).toMatchObject({
      indent: 2,
      indentSeq: true,
      flowCollectionPadding: false,
    })
  })

  it('keeps long lines unfolded', () => {
    expect(detect(`a: ${'x'.repeat(150)}\n`).lineWidth).toBe(153)
  })

  it('falls back to the default style', () => {
    expect(detect('a: 1\n')).toEqual({ ...defaultStyle, lineWidth: 80 })
  })
})

describe('createStyledNode', () => {
  it('writes lists of one-line scalars in flow style', () => {
    const doc = new Document()
    doc.contents = createStyledNode(doc, { a: ['x', 'y'], b: [{ c: 1 }], d: ['two\nlines'], e: [] })
    expect(doc.toString({ flowCollectionPadding: false })).toBe(
      'a: [x, y]\nb:\n  - c: 1\nd:\n  - |-\n    two\n    lines\ne: []\n',
    )
  })
})
