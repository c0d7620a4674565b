import { describe, expect, it } from 'vitest'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { resourceEnvironment } from './resource-environment.ts'

const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'resource.environment', name: 'prod', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('resource.environment', () => {
  it.each([
    ['no variables', {}],
    ['an empty map', { variables: {} }],
    [
      'keys with dots, dashes and underscores',
      { variables: { _PRIVATE: 'a', 'feature.flag-x': 'on', B2: '' } },
    ],
    [
      'values that look like ARNs and URLs',
      { variables: { ROLE: 'arn:aws:iam::1:role/r', URL: 'http://x:1/y' } },
    ],
    ['an escaped macro', { variables: { TEMPLATE: 'literal $${not-a-macro}' } }],
  ])('accepts %s', (_title, spec) => {
    expect(codes(spec)).toEqual([])
  })

  it.each([
    [
      'a key starting with a digit',
      { variables: { '1ST': 'x' } },
      [['/spec/variables/1ST', 'rule.violation']],
    ],
    ['a key with a space', { variables: { 'MY KEY': 'x' } }, [['/spec/variables/MY KEY', 'rule.violation']]],
    ['a number value', { variables: { BATCH: 10 } }, [['/spec/variables/BATCH', 'schema.type']]],
    ['a nested map', { variables: { DB: { host: 'x' } } }, [['/spec/variables/DB', 'schema.type']]],
    ['a list of variables', { variables: ['A=1'] }, [['/spec/variables', 'schema.type']]],
    ['an unknown field', { vars: {} }, [['/spec/vars', 'schema.unknown-field']]],
    [
      'a macro in a value',
      { variables: { HOME: '${env:HOME}' } },
      [['/spec/variables/HOME', 'macro.not-allowed']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes(spec)).toEqual(expected)
  })

  it('is a resource without IAM needs or ports', () => {
    expect(resourceEnvironment.category).toBe('resource')
    expect(resourceEnvironment.iam).toBeUndefined()
    expect(resourceEnvironment.ports).toBeUndefined()
  })
})
