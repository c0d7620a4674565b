import { describe, expect, it } from 'vitest'
import { stringifyTemplate } from './ast.ts'
import { MacroSyntaxError, parseTemplate } from './parse.ts'

describe('parseTemplate', () => {
  it('splits text and macros', () => {
    expect(parseTemplate('s3://${lay:BUCKET}/x')).toEqual([
      's3://',
      { prefix: 'lay', name: ['BUCKET'], start: 5, end: 18 },
      '/x',
    ])
  })

  it('parses defaults, which may hold colons and dashes', () => {
    const [node] = parseTemplate('${lay:PORT:-80:-x}')
    expect(node).toMatchObject({ prefix: 'lay', name: ['PORT'], fallback: ['80:-x'] })
  })

  it('parses nesting', () => {
    const [node] = parseTemplate('${sec:${lay:SECRET}/key}')
    expect(node).toMatchObject({ prefix: 'sec', name: [{ prefix: 'lay', name: ['SECRET'] }, '/key'] })
  })

  it('keeps colons in date formats', () => {
    expect(parseTemplate('${date:HH:mm:ss}')).toMatchObject([{ prefix: 'date', name: ['HH:mm:ss'] }])
  })

  it('reads $${ as a literal ${', () => {
    expect(parseTemplate('cost $${x} ${lay:A}')).toMatchObject(['cost ${x} ', { prefix: 'lay' }])
  })

  it.each([
    ['${lay:A', 'never closed'],
    ['${A}', 'needs the form'],
    ['${lay:}', 'has no name'],
    ['${:x}', 'needs the form'],
  ])('rejects %s', (source, message) => {
    expect(() => parseTemplate(source)).toThrow(MacroSyntaxError)
    expect(() => parseTemplate(source)).toThrow(message)
  })

  it('round-trips through stringifyTemplate, escapes included', () => {
    for (const source of [
      'a $${b} ${lay:C:-d}',
      '${sec:${lay:S}/k}',
      'plain',
      '${msg:body.id}-${date:yyyy}',
    ]) {
      expect(stringifyTemplate(parseTemplate(source))).toBe(source)
    }
  })
})
