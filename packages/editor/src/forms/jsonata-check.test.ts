import { describe, expect, it } from 'vitest'
import { evaluateJsonata, jsonataError, showResult } from './jsonata-check.ts'

describe('JSONata checks', () => {
  it('finds syntax errors with their position', () => {
    expect(jsonataError('total >= 1000')).toBeUndefined()
    expect(jsonataError('$merge([$, {')).toMatch(/at character \d+/)
    expect(jsonataError('  ')).toBe('The expression is empty.')
  })

  it('evaluates over a sample body', async () => {
    const sample = { items: [{ qty: 2, price: 600 }] }
    expect(await evaluateJsonata('$sum(items.(qty * price))', sample)).toEqual({ ok: true, value: 1200 })
    expect(await evaluateJsonata('$sum(items.(qty * price)) >= 1000', sample)).toEqual({
      ok: true,
      value: true,
    })
    expect((await evaluateJsonata('$nope()', sample)).ok).toBe(false)
    expect(showResult(undefined)).toContain('no result')
  })
})
