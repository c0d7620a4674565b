import { describe, expect, it } from 'vitest'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'

const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'deployment', name: 'prod', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('deployment', () => {
  it.each([
    ['the least a deployment needs', { workflows: ['flow'] }],
    [
      'ordered environments, secrets and a tag',
      {
        cluster: 'eu',
        workflows: ['a', 'b'],
        environments: ['common', 'prod'],
        secrets: ['s'],
        tag: 'v-${build:version}',
      },
    ],
  ])('accepts %s', (_title, spec) => {
    expect(codes(spec)).toEqual([])
  })

  it.each([
    ['no workflows', { workflows: [] }, [['/spec/workflows', 'schema.range']]],
    ['a workflow listed twice', { workflows: ['a', 'a'] }, [['/spec/workflows', 'schema.invalid']]],
    ['a workflow name with a slash', { workflows: ['../a'] }, [['/spec/workflows/0', 'schema.pattern']]],
    ['a macro as a reference', { workflows: ['${lay:FLOW}'] }, [['/spec/workflows/0', 'macro.not-allowed']]],
    [
      'a tag that names itself',
      { workflows: ['a'], tag: 'x-${build:tag}' },
      [['/spec/tag', 'rule.violation']],
    ],
    [
      'a per-message macro in the tag',
      { workflows: ['a'], tag: '${msg:id}' },
      [['/spec/tag', 'macro.phase']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes(spec)).toEqual(expected)
  })
})
