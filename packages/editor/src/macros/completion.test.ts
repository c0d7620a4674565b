import { describe, expect, it } from 'vitest'
import { applyCompletion, completionsAt, type MacroNames, openMacroAt } from './completion.ts'
import { previewMacros, SECRET_MASK } from './preview.ts'

const names: MacroNames = {
  lay: [
    { name: 'ORDERS_QUEUE', value: 'orders', from: 'local' },
    { name: 'ORDER_STREAM', value: 'order-stream', from: 'local' },
    { name: 'REGION', value: 'eu-central-1', from: 'prod' },
  ],
  sec: [{ name: 'prod/external-id' }],
  build: ['tag', 'version'],
}

const at = (text: string, phase: 'static' | 'dynamic' | 'none' = 'static') =>
  completionsAt(text, text.length, phase, names)

describe('macro completion', () => {
  it('offers the prefixes a field allows right after ${', () => {
    expect(at('${')?.items.map((i) => i.label)).toEqual(['lay:', 'sec:', 'env:', 'build:'])
    expect(at('${', 'dynamic')?.items.map((i) => i.label)).toContain('msg:')
    expect(at('${', 'none')?.items).toEqual([])
    expect(at('x-${se')?.items.map((i) => i.label)).toEqual(['sec:'])
  })

  it('offers environment keys with their values, filtered by what was typed', () => {
    const result = at('arn:${lay:ORD')
    expect(result?.items.map((i) => [i.label, i.detail])).toEqual([
      ['ORDERS_QUEUE', 'orders  (local)'],
      ['ORDER_STREAM', 'order-stream  (local)'],
    ])
    expect(result?.from).toBe(10)
  })

  it('offers secret names, never values', () => {
    expect(at('${sec:')?.items).toEqual([
      { label: 'prod/external-id', insert: 'prod/external-id}', detail: 'secret' },
    ])
  })

  it('completes inside a nested macro', () => {
    expect(at('${sec:${lay:RE')?.items.map((i) => i.label)).toEqual(['REGION', 'ORDER_STREAM'])
  })

  it('is silent outside macros, in defaults and for escaped ${', () => {
    expect(at('plain')).toBeUndefined()
    expect(at('${lay:X}')).toBeUndefined()
    expect(at('${lay:X:-ORD')).toBeUndefined()
    expect(at('$${lay:')).toBeUndefined()
    expect(openMacroAt('${a:${b:c}', 10)).toBe(0)
  })

  it('inserts the name and closes the macro', () => {
    const text = 'q-${lay:ORD'
    const result = at(text)
    const item = result?.items[0]
    if (!result || !item) throw new Error('a completion is offered')
    expect(applyCompletion(text, result, item)).toEqual({ text: 'q-${lay:ORDERS_QUEUE}', caret: 21 })
    const closed = completionsAt('${lay:O}', 7, 'static', names)
    expect(closed?.items[0]?.insert).toBe('ORDERS_QUEUE')
  })
})

describe('macro preview', () => {
  it('resolves environment keys and masks secrets', () => {
    expect(previewMacros('${lay:REGION}', names)).toEqual({
      kind: 'resolved',
      text: 'eu-central-1',
      secret: false,
    })
    expect(previewMacros('${sec:prod/external-id}', names)).toEqual({
      kind: 'resolved',
      text: SECRET_MASK,
      secret: true,
    })
  })

  it('names what is missing and keeps per-message macros', () => {
    expect(previewMacros('${lay:NOPE}-${msg:body.id}', names)).toMatchObject({
      kind: 'partial',
      missing: ['lay:NOPE'],
    })
    expect(previewMacros('${lay:REGION}-${msg:body.id}', names)).toEqual({
      kind: 'resolved',
      text: 'eu-central-1-${msg:body.id}',
      secret: false,
    })
  })

  it('reports a syntax error and leaves plain text alone', () => {
    expect(previewMacros('${lay:X', names).kind).toBe('error')
    expect(previewMacros('plain', names)).toEqual({ kind: 'plain' })
  })
})
