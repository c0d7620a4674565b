import { describe, expect, it } from 'vitest'
import { StandInError } from './errors.ts'
import { compileEventPattern } from './event-pattern.ts'

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'OrderPlaced',
  source: 'com.sluice.orders',
  account: '000000000000',
  time: '2025-06-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b'],
  detail: {
    orderId: 'ord-123',
    amount: 42.5,
    express: true,
    coupon: null,
    tags: ['new', 'vip'],
    customer: { country: 'DE', email: 'Ada@Example.com' },
  },
}

function matches(pattern: unknown): boolean {
  return compileEventPattern(JSON.stringify(pattern))(event)
}

function invalidReason(pattern: string): string {
  try {
    compileEventPattern(pattern)
  } catch (err) {
    if (err instanceof StandInError) return err.code
    throw err
  }
  return 'valid'
}

describe('event pattern matching', () => {
  it('matches exact values on source, detail-type and detail fields', () => {
    expect(matches({ source: ['com.sluice.orders'] })).toBe(true)
    expect(matches({ source: ['other', 'com.sluice.orders'], 'detail-type': ['OrderPlaced'] })).toBe(true)
    expect(matches({ source: ['com.sluice.orders'], 'detail-type': ['OrderCancelled'] })).toBe(false)
    expect(matches({ detail: { orderId: ['ord-123'], amount: [42.5], express: [true] } })).toBe(true)
    expect(matches({ detail: { amount: ['42.5'] } })).toBe(false)
    expect(matches({ detail: { customer: { country: ['DE'] } } })).toBe(true)
    expect(matches({ detail: { customer: { country: ['FR'] } } })).toBe(false)
  })

  it('matches when any element of an array field matches', () => {
    expect(matches({ resources: ['arn:aws:s3:::bucket-b'] })).toBe(true)
    expect(matches({ detail: { tags: ['vip'] } })).toBe(true)
    expect(matches({ detail: { tags: ['old'] } })).toBe(false)
  })

  it('treats null as a value and a missing field as no match', () => {
    expect(matches({ detail: { coupon: [null] } })).toBe(true)
    expect(matches({ detail: { missing: [null] } })).toBe(false)
    expect(matches({ detail: { missing: ['x'] } })).toBe(false)
  })

  it('supports prefix, suffix, equals-ignore-case and wildcard', () => {
    expect(matches({ source: [{ prefix: 'com.sluice.' }] })).toBe(true)
    expect(matches({ source: [{ prefix: 'com.other.' }] })).toBe(false)
    expect(matches({ detail: { orderId: [{ prefix: { 'equals-ignore-case': 'ORD-' } }] } })).toBe(true)
    expect(matches({ detail: { orderId: [{ suffix: '-123' }] } })).toBe(true)
    expect(matches({ detail: { customer: { email: [{ 'equals-ignore-case': 'ada@example.COM' }] } } })).toBe(
      true,
    )
    expect(matches({ source: [{ wildcard: 'com.*.orders' }] })).toBe(true)
    expect(matches({ source: [{ wildcard: 'org.*' }] })).toBe(false)
  })

  it('supports anything-but, numeric ranges and exists', () => {
    expect(matches({ detail: { customer: { country: [{ 'anything-but': ['FR', 'IT'] }] } } })).toBe(true)
    expect(matches({ detail: { customer: { country: [{ 'anything-but': 'DE' }] } } })).toBe(false)
    expect(matches({ detail: { orderId: [{ 'anything-but': { prefix: 'ord-' } }] } })).toBe(false)
    expect(matches({ detail: { amount: [{ numeric: ['>', 40, '<=', 42.5] }] } })).toBe(true)
    expect(matches({ detail: { amount: [{ numeric: ['<', 10] }] } })).toBe(false)
    expect(matches({ detail: { orderId: [{ exists: true }] } })).toBe(true)
    expect(matches({ detail: { missing: [{ exists: false }] } })).toBe(true)
    expect(matches({ detail: { orderId: [{ exists: false }] } })).toBe(false)
    expect(matches({ detail: { customer: [{ exists: true }] } })).toBe(false)
  })

  it('supports $or across fields', () => {
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { express: [true] } }] })).toBe(true)
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { express: [false] } }] })).toBe(false)
  })

  it('rejects malformed patterns with InvalidEventPatternException', () => {
    expect(invalidReason('not json')).toBe('InvalidEventPatternException')
    expect(invalidReason('["source"]')).toBe('InvalidEventPatternException')
    expect(invalidReason('{"source":"com.sluice"}')).toBe('InvalidEventPatternException')
    expect(invalidReason('{"source":[]}')).toBe('InvalidEventPatternException')
    expect(invalidReason('{"source":[{"regex":"x"}]}')).toBe('InvalidEventPatternException')
    expect(invalidReason('{"detail":{"n":[{"numeric":[">","x"]}]}}')).toBe('InvalidEventPatternException')
    expect(invalidReason('{"source":[{"prefix":"a"}]}')).toBe('valid')
  })
})
