import { builtinRegistry } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { type FieldModel, formModelOf, specSchemaOf } from './form-model.ts'
import { field, isObject, listOf, objectOf } from './schema-read.ts'

/** Every property name declared anywhere in a schema, as `parent.key` paths without list indexes. */
function schemaKeys(schema: unknown, at = ''): string[] {
  if (!isObject(schema)) return []
  const own = Object.entries(objectOf(schema, 'properties') ?? {}).flatMap(([key, child]) => [
    `${at}${key}`,
    ...schemaKeys(child, `${at}${key}.`),
  ])
  const branches = listOf(schema, 'anyOf').flatMap((b) => schemaKeys(b, at))
  const items = schemaKeys(field(schema, 'items'), at)
  const patterns = Object.values(objectOf(schema, 'patternProperties') ?? {}).flatMap((v) =>
    schemaKeys(v, at),
  )
  return [...own, ...branches, ...items, ...patterns]
}

function modelKeys(model: FieldModel, at = ''): string[] {
  const inner = (fields: readonly FieldModel[], prefix: string) =>
    fields.flatMap((f) => [`${prefix}${f.key}`, ...modelKeys(f, `${prefix}${f.key}.`)])
  switch (model.type) {
    case 'object':
      return inner(model.fields, at)
    case 'union':
      return model.branches.flatMap((b) => inner(b.fields, at))
    case 'list':
      return modelKeys(model.item, at)
    case 'record':
      return modelKeys(model.value, at)
    default:
      return []
  }
}

function flatten(model: FieldModel): FieldModel[] {
  switch (model.type) {
    case 'object':
      return [model, ...model.fields.flatMap(flatten)]
    case 'union':
      return [model, ...model.branches.flatMap((b) => b.fields.flatMap(flatten))]
    case 'list':
      return [model, ...flatten(model.item)]
    case 'record':
      return [model, ...flatten(model.value)]
    default:
      return [model]
  }
}

function find(kind: string, path: string): FieldModel | undefined {
  let fields: readonly FieldModel[] = formModelOf(kind).fields
  let found: FieldModel | undefined
  for (const key of path.split('.')) {
    found = fields.find((f) => f.key === key)
    if (found?.type === 'object') fields = found.fields
    else if (found?.type === 'union') fields = found.branches.flatMap((b) => b.fields)
    else if (found?.type === 'list' && found.item.type === 'object') fields = found.item.fields
    else fields = []
  }
  return found
}

describe('form models from the asset specs', () => {
  it.each(builtinRegistry.types.map((t) => [t.kind]))('%s has a field for every property', (kind) => {
    const model = formModelOf(kind)
    expect(new Set(modelKeys(model))).toEqual(new Set(schemaKeys(specSchemaOf(kind))))
    expect(flatten(model).filter((f) => f.type === 'json')).toEqual([])
  })

  it('reads the UI hints into widgets', () => {
    expect(find('connection.aws', 'auth.secretAccessKey')?.type).toBe('secret')
    expect(find('source.sqs', 'connection')).toMatchObject({ type: 'ref', kinds: ['connection.aws'] })
    expect(find('source.sqs', 'queue')).toMatchObject({ type: 'listing', listing: 'queues' })
    expect(find('sink.kinesis', 'stream')).toMatchObject({ type: 'listing', listing: 'streams' })
    expect(find('source.sqs', 'heartbeat.intervalSeconds')).toMatchObject({ type: 'number', duration: true })
    expect(find('source.sqs', 'waitTimeSeconds')).toMatchObject({ advanced: true, minimum: 0, maximum: 20 })
    expect(find('source.sqs', 'bodyFormat')).toMatchObject({ type: 'enum', options: ['raw', 'json'] })
    expect(find('resource.environment', 'variables')).toMatchObject({ type: 'keyValue', valueMacro: 'none' })
    expect(find('sink.kinesis', 'partitionKey')).toMatchObject({
      type: 'text',
      widget: 'template',
      macro: 'dynamic',
    })
    expect(find('connection.aws', 'region')).toMatchObject({ required: true, placeholder: 'eu-central-1' })
    expect(find('connection.aws', 'timeoutMs')).toMatchObject({ label: 'Timeout (ms)', required: false })
  })

  it('turns discriminated unions into branches with titles', () => {
    const auth = find('connection.aws', 'auth')
    expect(auth?.type).toBe('union')
    if (auth?.type !== 'union') return
    expect(auth.discriminator).toBe('mode')
    expect(auth.branches.map((b) => b.value)).toEqual([
      'none',
      'defaultChain',
      'accessKey',
      'assumeRole',
      'webIdentity',
      'rolesAnywhere',
    ])
    expect(auth.branches[3]?.title).toBe('Assume role')
  })

  it('makes attribute tables and multi-choice lists', () => {
    const attributes = find('sink.sqs', 'messageAttributes')
    expect(attributes).toMatchObject({ type: 'list', maxItems: 10 })
    if (attributes?.type === 'list') expect(attributes.item.type).toBe('object')
    const system = find('source.sqs', 'systemAttributes')
    expect(system).toMatchObject({ type: 'list', unique: true })
    if (system?.type === 'list') expect(system.item.type).toBe('enum')
  })
})
