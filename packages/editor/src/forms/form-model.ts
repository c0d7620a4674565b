import { builtinRegistry, type ListingKind, type MacroPhase, uiOf } from '@sluice/assets'
import { labelOf } from './labels.ts'
import { field, isObject, listOf, numberOf, objectOf, stringOf, stringsOf } from './schema-read.ts'

/** How a text field is edited. */
export type TextWidget = 'text' | 'textarea' | 'template' | 'pem' | 'jsonata'

/** What every field of a generated form carries, whatever its type. */
export interface FieldCommon {
  /** The property name; `''` for list items and the root. */
  key: string
  label: string
  description?: string
  /** The value must be given: the schema requires it and has no default. */
  required: boolean
  /** Shown under "Advanced". */
  advanced: boolean
  /** When `${...}` macros may be written in it. */
  macro: MacroPhase
  placeholder?: string
  defaultValue?: unknown
}

export interface UnionBranch {
  /** The discriminator's constant for this branch. */
  value: string
  title: string
  fields: readonly FieldModel[]
}

/**
 * One field of a generated form, derived from a JSON Schema node and its `x-ui` hints. The editor
 * renders each type with one widget; every widget of a scalar accepts a `${...}` macro unless
 * `macro` is `none`.
 */
export type FieldModel =
  | (FieldCommon & {
      type: 'text'
      widget: TextWidget
      pattern?: string
      minLength?: number
      maxLength?: number
    })
  | (FieldCommon & { type: 'secret' })
  | (FieldCommon & {
      type: 'number'
      integer: boolean
      minimum?: number
      maximum?: number
      duration: boolean
    })
  | (FieldCommon & { type: 'boolean' })
  | (FieldCommon & { type: 'enum'; options: readonly string[] })
  | (FieldCommon & { type: 'ref'; kinds: readonly string[] })
  | (FieldCommon & { type: 'listing'; listing: ListingKind })
  | (FieldCommon & { type: 'object'; fields: readonly FieldModel[] })
  | (FieldCommon & { type: 'union'; discriminator: string; branches: readonly UnionBranch[] })
  | (FieldCommon & { type: 'keyValue'; keyPattern?: string; valueMacro: MacroPhase })
  | (FieldCommon & { type: 'list'; item: FieldModel; minItems?: number; maxItems?: number; unique: boolean })
  | (FieldCommon & { type: 'record'; keyPattern?: string; value: FieldModel })
  | (FieldCommon & { type: 'constant'; value: string | number | boolean })
  | (FieldCommon & { type: 'json' })

export type ObjectFieldModel = Extract<FieldModel, { type: 'object' }>

/** The property that is a `const` in every branch of a union, and each branch's constant. */
export function discriminatorOf(schema: unknown): { key: string; values: string[] } | undefined {
  const branches = listOf(schema, 'anyOf')
  const first = objectOf(branches[0], 'properties')
  if (!first) return undefined
  for (const key of Object.keys(first)) {
    const values = branches.map((b) => field(objectOf(b, 'properties')?.[key], 'const'))
    if (values.every((v): v is string => typeof v === 'string')) return { key, values }
  }
  return undefined
}

function literalOptions(schema: unknown): string[] | undefined {
  const branches = listOf(schema, 'anyOf')
  if (branches.length === 0) return undefined
  const values = branches.map((b) => field(b, 'const'))
  return values.every((v): v is string => typeof v === 'string') ? values : undefined
}

function commonOf(schema: unknown, key: string, requiredByParent: boolean): FieldCommon {
  const hints = uiOf(schema)
  const description = stringOf(schema, 'description')
  const defaultValue = field(schema, 'default')
  return {
    key,
    label: hints.label ?? labelOf(key),
    required: requiredByParent && defaultValue === undefined,
    advanced: hints.advanced === true,
    macro: hints.macro ?? 'static',
    ...(description === undefined ? {} : { description }),
    ...(hints.placeholder === undefined ? {} : { placeholder: hints.placeholder }),
    ...(defaultValue === undefined ? {} : { defaultValue }),
  }
}

function textField(schema: unknown, common: FieldCommon): FieldModel {
  const hints = uiOf(schema)
  if (hints.secret === true || hints.widget === 'password') return { ...common, type: 'secret' }
  if (hints.ref) return { ...common, type: 'ref', kinds: hints.ref }
  if (hints.listing) return { ...common, type: 'listing', listing: hints.listing }
  const widget: TextWidget =
    hints.widget === 'textarea' ||
    hints.widget === 'template' ||
    hints.widget === 'pem' ||
    hints.widget === 'jsonata'
      ? hints.widget
      : 'text'
  const pattern = stringOf(schema, 'pattern')
  const minLength = numberOf(schema, 'minLength')
  const maxLength = numberOf(schema, 'maxLength')
  return {
    ...common,
    type: 'text',
    widget,
    ...(pattern === undefined ? {} : { pattern }),
    ...(minLength === undefined ? {} : { minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
  }
}

function mapField(schema: unknown, common: FieldCommon): FieldModel {
  const patterns = objectOf(schema, 'patternProperties')
  const [keyPattern, valueSchema] = patterns ? (Object.entries(patterns)[0] ?? []) : []
  const values = valueSchema ?? field(schema, 'additionalProperties')
  const withPattern = keyPattern === undefined ? {} : { keyPattern }
  if (stringOf(values, 'type') === 'string' || uiOf(schema).widget === 'keyValue')
    return { ...common, type: 'keyValue', valueMacro: uiOf(values).macro ?? 'static', ...withPattern }
  return { ...common, type: 'record', value: fieldModelOf(values, '', true), ...withPattern }
}

/** The form field for one schema node; `key` names it in its parent object. */
export function fieldModelOf(schema: unknown, key: string, requiredByParent: boolean): FieldModel {
  const common = commonOf(schema, key, requiredByParent)
  const constant = field(schema, 'const')
  if (typeof constant === 'string' || typeof constant === 'number' || typeof constant === 'boolean')
    return { ...common, type: 'constant', value: constant }
  const options = literalOptions(schema)
  if (options) return { ...common, type: 'enum', options }
  const discriminator = discriminatorOf(schema)
  if (discriminator)
    return {
      ...common,
      type: 'union',
      discriminator: discriminator.key,
      branches: listOf(schema, 'anyOf').map((branch, i) => ({
        value: discriminator.values[i] ?? '',
        title: stringOf(branch, 'title') ?? discriminator.values[i] ?? '',
        fields: objectFields(branch),
      })),
    }
  switch (stringOf(schema, 'type')) {
    case 'string':
      return textField(schema, common)
    case 'integer':
    case 'number': {
      const minimum = numberOf(schema, 'minimum')
      const maximum = numberOf(schema, 'maximum')
      return {
        ...common,
        type: 'number',
        integer: stringOf(schema, 'type') === 'integer',
        duration: uiOf(schema).widget === 'duration',
        ...(minimum === undefined ? {} : { minimum }),
        ...(maximum === undefined ? {} : { maximum }),
      }
    }
    case 'boolean':
      return { ...common, type: 'boolean' }
    case 'array': {
      const minItems = numberOf(schema, 'minItems')
      const maxItems = numberOf(schema, 'maxItems')
      return {
        ...common,
        type: 'list',
        item: fieldModelOf(field(schema, 'items'), '', true),
        unique: field(schema, 'uniqueItems') === true,
        ...(minItems === undefined ? {} : { minItems }),
        ...(maxItems === undefined ? {} : { maxItems }),
      }
    }
    case 'object':
      return objectOf(schema, 'properties')
        ? { ...common, type: 'object', fields: objectFields(schema) }
        : mapField(schema, common)
    default:
      return { ...common, type: 'json' }
  }
}

/** The fields of an object schema, in declaration order. */
export function objectFields(schema: unknown): FieldModel[] {
  const properties = objectOf(schema, 'properties') ?? {}
  const required = new Set(stringsOf(schema, 'required'))
  return Object.entries(properties).map(([key, child]) => fieldModelOf(child, key, required.has(key)))
}

const jsonSchemas = builtinRegistry.jsonSchemas()

/** The JSON Schema of a kind's `spec`, as the registry publishes it. */
export function specSchemaOf(kind: string): unknown {
  return jsonSchemas[kind]
}

/** The form of a kind's `spec`: one field per property, nested objects and unions included. */
export function formModelOf(kind: string): ObjectFieldModel {
  const schema = specSchemaOf(kind)
  const title = isObject(schema) ? stringOf(schema, 'title') : undefined
  return {
    key: '',
    label: title ?? kind,
    required: true,
    advanced: false,
    macro: 'none',
    type: 'object',
    fields: objectFields(schema),
  }
}
