import { describe, expect, it } from 'vitest'
import { createRegistry } from '../spec/registry.ts'
import { builtinRegistry, builtinTypes } from './builtin.ts'

const expectedKinds = [
  'connection.aws',
  'source.s3',
  'source.sqs',
  'sink.s3',
  'sink.sns',
  'sink.sqs',
  'sink.kinesis',
  'sink.eventbridge',
  'resource.environment',
  'resource.secret',
  'workflow',
  'deployment',
]

describe('builtin registry', () => {
  it('registers every kind exactly once', () => {
    const kinds = builtinTypes.map((t) => t.kind)
    expect([...kinds].sort()).toEqual([...expectedKinds].sort())
    expect(new Set(kinds).size).toBe(kinds.length)
  })

  it('refuses a kind defined twice', () => {
    const [first] = builtinTypes
    expect(() => createRegistry([first, first])).toThrow('defined twice')
  })

  it('gives sources one output and sinks one input', () => {
    for (const type of builtinRegistry.list('source')) expect(type.ports).toEqual({ inputs: 0, outputs: 1 })
    for (const type of builtinRegistry.list('sink')) expect(type.ports).toEqual({ inputs: 1, outputs: 0 })
  })

  it('derives IAM statements for every source and sink', () => {
    for (const type of [...builtinRegistry.list('source'), ...builtinRegistry.list('sink')])
      expect(type.iam).toBeTypeOf('function')
  })

  it('serves a JSON Schema per kind with descriptions on every property', () => {
    const schemas = builtinRegistry.jsonSchemas()
    expect(Object.keys(schemas).sort()).toEqual([...expectedKinds].sort())
    const undocumented: string[] = []
    const visit = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return
      const properties = Reflect.get(node, 'properties')
      if (typeof properties === 'object' && properties !== null) {
        for (const [key, child] of Object.entries(properties)) {
          const literal = typeof child === 'object' && child !== null && 'const' in child
          if (!literal && !(typeof child === 'object' && child !== null && 'description' in child))
            undocumented.push(`${path}.${key}`)
          visit(child, `${path}.${key}`)
        }
      }
      for (const key of ['items', 'anyOf', 'patternProperties']) {
        const inner = Reflect.get(node, key)
        if (Array.isArray(inner)) for (const branch of inner) visit(branch, path)
        else if (key === 'patternProperties' && inner) for (const v of Object.values(inner)) visit(v, path)
        else visit(inner, path)
      }
    }
    for (const [kind, schema] of Object.entries(schemas)) visit(schema, kind)
    expect(undocumented).toEqual([])
  })
})
