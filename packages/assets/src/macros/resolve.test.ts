import { describe, expect, it } from 'vitest'
import { sinkKinesis } from '../kinds/sink-kinesis.ts'
import { sinkSns } from '../kinds/sink-sns.ts'
import { stringifyTemplate } from './ast.ts'
import { compileTemplate, type MessageContext, MessageFieldMissingError } from './compile.ts'
import { parseTemplate } from './parse.ts'
import { isLiteral, resolveStatic, type StaticLookups } from './resolve.ts'
import { resolveSpec } from './resolve-spec.ts'

const lookups: StaticLookups = {
  lay: (n) => ({ BUCKET: 'orders', SECRET: 'prod', FIELD: 'customerId', WEIRD: '${env:HOME}' })[n],
  sec: (n) => (n === 'prod/key' ? 's3cr3t' : undefined),
  env: (n) => (n === 'ALLOWED' ? 'yes' : n === 'HOME' ? 'denied' : undefined),
}
const resolve = (s: string) => resolveStatic(parseTemplate(s), lookups)
const message = (body: unknown, attributes: Record<string, string> = {}): MessageContext => ({
  body,
  attributes,
  meta: { id: 'm-1' },
  now: new Date(Date.UTC(2026, 10, 22, 8, 5, 9, 7)),
})

describe('resolveStatic', () => {
  it('substitutes static values, nesting first', () => {
    const result = resolve('${lay:BUCKET}/${sec:${lay:SECRET}/key}')
    expect(result.problems).toEqual([])
    expect(result.template).toEqual(['orders/s3cr3t'])
  })

  it('reports every missing name at once', () => {
    expect(resolve('${lay:A}${lay:B}${sec:prod/nope}').problems).toEqual([
      { prefix: 'lay', name: 'A', reason: 'missing' },
      { prefix: 'lay', name: 'B', reason: 'missing' },
      { prefix: 'sec', name: 'prod/nope', reason: 'missing' },
    ])
  })

  it('uses defaults for missing names', () => {
    expect(resolve('${lay:A:-fallback}').template).toEqual(['fallback'])
  })

  it('refuses env variables outside the allowlist', () => {
    expect(resolve('${env:HOME}').problems).toEqual([{ prefix: 'env', name: 'HOME', reason: 'denied' }])
    expect(resolve('${env:ALLOWED}').template).toEqual(['yes'])
  })

  it('never expands a substituted value again', () => {
    expect(resolve('${lay:WEIRD}').template).toEqual(['${env:HOME}'])
  })

  it('keeps dynamic macros, with their static names resolved', () => {
    const result = resolve('${lay:BUCKET}/${msg:${lay:FIELD}}')
    expect(isLiteral(result.template)).toBe(false)
    expect(stringifyTemplate(result.template)).toBe('orders/${msg:customerId}')
  })

  it('refuses a dynamic macro inside a static name', () => {
    expect(resolve('${lay:${msg:x}}').problems).toEqual([{ prefix: 'msg', name: 'x', reason: 'phase' }])
  })

  it('flags unknown prefixes', () => {
    expect(resolve('${foo:x}').problems).toEqual([{ prefix: 'foo', name: 'x', reason: 'unknown-prefix' }])
  })
})

describe('compileTemplate', () => {
  it('reads body, attributes and meta fields', () => {
    const render = compileTemplate(
      parseTemplate('${msg:customer.id}|${msg:attributes.kind}|${msg:meta.id}|${msg:body.n}'),
    )
    expect(render(message({ customer: { id: 'c-7' }, n: 3 }, { kind: 'order' }))).toBe('c-7|order|m-1|3')
  })

  it('reads a field whose name is itself rendered per message', () => {
    const render = compileTemplate(parseTemplate('${msg:prices.${msg:currency}:-none}'))
    expect(render(message({ currency: 'eur', prices: { eur: 7, usd: 8 } }))).toBe('7')
    expect(render(message({ currency: 'gbp', prices: { eur: 7 } }))).toBe('none')
    expect(() => compileTemplate(parseTemplate('${msg:by.${msg:k}}'))(message({ k: 'x', by: {} }))).toThrow(
      'message has no field "by.x"',
    )
  })

  it('formats dates in UTC', () => {
    const render = compileTemplate(parseTemplate('${date:yyyy/MM/dd HH:mm:ss.SSS}|${date:epoch}|${date:iso}'))
    expect(render(message({}))).toBe('2026/11/22 08:05:09.007|1795334709|2026-11-22T08:05:09.007Z')
  })

  it('uses the default of a missing field, and fails without one', () => {
    expect(compileTemplate(parseTemplate('${msg:missing:-none}'))(message({}))).toBe('none')
    expect(() => compileTemplate(parseTemplate('${msg:missing}'))(message({}))).toThrow(
      MessageFieldMissingError,
    )
  })

  it('never expands message data', () => {
    const render = compileTemplate(parseTemplate('${msg:evil}'))
    expect(render(message({ evil: '${env:AWS_SECRET_ACCESS_KEY}' }))).toBe('${env:AWS_SECRET_ACCESS_KEY}')
  })

  it('writes objects as JSON', () => {
    expect(compileTemplate(parseTemplate('${msg:a}'))(message({ a: { b: [1] } }))).toBe('{"b":[1]}')
  })
})

describe('resolveSpec with per-message templates in patterned fields', () => {
  it('keeps the template and leaves the pattern to the rendered value', () => {
    const kinesis = resolveSpec(
      sinkKinesis,
      { connection: 'c', stream: 's', partitionKey: 'k', explicitHashKey: '${msg:body.h}' },
      {},
    )
    expect(kinesis.issues).toEqual([])
    expect(kinesis.spec?.explicitHashKey).toBe('${msg:body.h}')
    const topic = 'arn:aws:sns:eu-west-1:123456789012:orders-${msg:body.region}'
    const sns = resolveSpec(sinkSns, { connection: 'c', topicArn: topic }, {})
    expect(sns.issues).toEqual([])
    expect(sns.spec?.topicArn).toBe(topic)
  })

  it('still refuses a static macro left in a field, with an issue', () => {
    const result = resolveSpec(sinkKinesis, { connection: 'c', stream: '${lay:S}', partitionKey: 'k' }, {})
    expect(result.spec).toBeUndefined()
    expect(result.issues.map((i) => i.code)).toEqual(['macro.missing'])
  })
})
