import { describe, expect, it } from 'vitest'
import { connectionAws } from '../kinds/connection-aws.ts'
import { deepEqual } from './deep-equal.ts'
import { pruneValue } from './prune.ts'

describe('pruneValue', () => {
  it('follows the union branch the discriminator selects', () => {
    const spec = {
      auth: {
        source: { connection: 'base', mode: 'connection' },
        durationSeconds: 3600,
        roleArn: 'arn:aws:iam::123456789012:role/r',
        mode: 'assumeRole',
      },
      region: 'eu-west-1',
    }
    const pruned = pruneValue(connectionAws.spec, spec)
    expect(JSON.stringify(pruned)).toBe(
      '{"region":"eu-west-1","auth":{"mode":"assumeRole","roleArn":"arn:aws:iam::123456789012:role/r","source":{"mode":"connection","connection":"base"}}}',
    )
  })

  it('keeps a macro where the default is a number', () => {
    expect(pruneValue(connectionAws.spec, { region: 'x', timeoutMs: '${lay:T}' })).toEqual({
      region: 'x',
      timeoutMs: '${lay:T}',
    })
  })

  it('keeps a union value it cannot place, keys in their order', () => {
    expect(pruneValue(connectionAws.spec, { region: 'x', auth: { z: 1, mode: 'other' } })).toEqual({
      region: 'x',
      auth: { z: 1, mode: 'other' },
    })
  })

  it('prunes list items and leaves scalars alone', () => {
    expect(pruneValue(undefined, [{ a: undefined, b: 1 }, 2])).toEqual([{ b: 1 }, 2])
    expect(pruneValue(connectionAws.spec, 'text')).toBe('text')
  })

  it('never turns a __proto__ key into a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}')
    const pruned = pruneValue(undefined, value)
    expect(Object.keys(Object(pruned))).toEqual(['__proto__'])
    expect(Reflect.get(Object.getPrototypeOf(pruned), 'polluted')).toBeUndefined()
  })
})

describe('deepEqual', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: undefined }, {}, false],
    [null, {}, false],
    [Number.NaN, Number.NaN, true],
  ])('%j and %j: %s', (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal)
  })
})
