import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../testing/random.ts'
import { compileExpression, ExpressionFailure } from './expression.ts'
import { field } from './semantics.ts'

const EXPRESSIONS = [
  'status = "paid"',
  'status != "paid"',
  'amount >= 1000',
  'amount < 10 or flag',
  'amount > 5 and name = "b"',
  'amount + 1',
  'amount * 2 - 3 / 4',
  'amount % 7',
  '-amount',
  'name & "-" & status',
  'name in ["a", "b"]',
  'name in tags',
  'nested.inner.value',
  'nested.inner',
  'tags',
  '$',
  '$.name',
  '$$.nested',
  '(amount)',
  'flag ? "yes" : "no"',
  'flag ? amount',
  '{ "id": name, "double": amount * 2, "missing": nope }',
  '[name, amount, [1, 2]]',
  '[tags]',
  '[name]',
  '$merge([$, { "total": amount * 3 }])',
  '$merge({ "a": name })',
  '$merge([$, { "a": nope, "b": amount }])',
  '$merge([{ "x": 1 }, $, [1]])',
  '$merge([nested, { "k": name }])',
  '$merge([tags])',
  '$merge([nested.inner, status])',
  '$merge([])',
  '$exists(nested.inner)',
  '$not(flag)',
  '$boolean(tags)',
  '$boolean(nested)',
  '$lowercase(name)',
  '$uppercase(status)',
  '$length(name)',
  '$string(name)',
  'nested = null',
  'amount = "5"',
  'items.qty',
  'name < amount',
  'true and null',
]

function randomMessage(random: ReturnType<typeof seededRandom>): unknown {
  const maybe = <T>(value: T): T | undefined => (random.int(5) === 0 ? undefined : value)
  const scalar = () =>
    random.pick<unknown>([random.int(2000) - 500, random.pick(['a', 'b', 'Ü😀x', '']), true, false, null])
  const message: Record<string, unknown> = {}
  const fields: [string, () => unknown][] = [
    ['status', () => random.pick(['paid', 'open', 5, null])],
    ['amount', () => random.pick<unknown>([random.int(3000), random.int(100) / 7, 'x', null, [1]])],
    ['flag', () => random.pick<unknown>([true, false, 0, 1, '', 'y', [], {}])],
    ['name', () => random.pick<unknown>(['a', 'b', 'Ü😀x', 3, ['a']])],
    ['tags', () => random.pick<unknown>([['a', 'c'], [], ['b'], 'a', [scalar(), scalar()]])],
    ['nested', () => random.pick<unknown>([{ inner: { value: scalar() } }, { inner: [1, 2] }, null, {}])],
    ['items', () => random.pick<unknown>([[{ qty: 1 }, { qty: 2 }], { qty: 3 }, []])],
  ]
  for (const [name, make] of fields) {
    const value = maybe(make())
    if (value !== undefined) message[name] = value
  }
  return random.int(20) === 0 ? [message] : random.int(25) === 0 ? scalar() : message
}

async function reference(source: string, input: unknown): Promise<unknown> {
  try {
    return { value: normalize(await jsonata(source).evaluate(input)) }
  } catch (error) {
    return { error: errorText(error) }
  }
}

async function ours(source: string, input: unknown): Promise<unknown> {
  const result = await compileExpression(source).evaluate(input)
  if (result instanceof ExpressionFailure) {
    return { error: errorText(result.error.cause) }
  }
  return { value: normalize(result) }
}

function errorText(error: unknown): string {
  return String(field(error, 'code') ?? field(error, 'message'))
}

function normalize(value: unknown): unknown {
  return value === undefined ? '<undefined>' : JSON.parse(JSON.stringify(value))
}

describe('compileExpression', () => {
  it('compiles the common subset to a synchronous fast path', () => {
    expect(compileExpression('status = "paid"').fast).toBe(true)
    expect(compileExpression('$merge([$, { "t": amount * 2 }])').fast).toBe(true)
    expect(compileExpression('$sum(items.(qty * price))').fast).toBe(false)
    expect(compileExpression('items[0]').fast).toBe(false)
    expect(compileExpression('status = "paid"').evaluate({ status: 'paid' })).toBe(true)
  })

  it('agrees with JSONata on random messages, value for value and error for error', async () => {
    const random = seededRandom(20261123)
    for (let round = 0; round < 60; round++) {
      const input = randomMessage(random)
      for (const source of EXPRESSIONS) {
        expect(await ours(source, input), `${source} on ${JSON.stringify(input)}`).toEqual(
          await reference(source, input),
        )
      }
    }
  })

  it('answers a failure, not an exception, when JSONata raises an error', async () => {
    const result = await compileExpression('amount + "x"').evaluate({ amount: 1 })
    expect(result).toBeInstanceOf(ExpressionFailure)
    if (!(result instanceof ExpressionFailure)) return
    expect(result.error.code).toBe('processor.expression-failed')
    expect(result.error.permanent).toBe(true)
    expect(result.error.message).toMatch(/T2002/)
  })

  it('formats $now() as JSONata does', async () => {
    const ours = compileExpression('$now()').evaluate({})
    const theirs = await jsonata('$now()').evaluate({})
    expect(typeof ours).toBe('string')
    expect(String(ours)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(String(theirs)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('refuses text that does not parse with expression.syntax', () => {
    expect(() => compileExpression('a = ')).toThrow(expect.objectContaining({ code: 'expression.syntax' }))
  })
})
