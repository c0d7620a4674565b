import type { CompiledTemplate, MessageContext } from '@sluice/assets'
import { utf8Length } from './body.ts'
import { InvalidMessageError } from './failures.ts'
import { compileField } from './templates.ts'

/** One entry of a sink's `messageAttributes`. */
export interface MessageAttributeSpec {
  readonly name: string
  readonly type: string
  readonly value: string
}

/** An SNS or SQS message attribute value, as both SDKs take it. */
export interface AttributeValue {
  DataType: string
  StringValue?: string
  BinaryValue?: Uint8Array
}

/** The rendered attributes of one message and the bytes they count against the message size limit. */
export interface RenderedAttributes {
  readonly values: Record<string, AttributeValue> | undefined
  readonly bytes: number
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

interface CompiledAttribute {
  readonly name: string
  readonly type: string
  readonly value: CompiledTemplate
}

/**
 * Message attributes of the SNS and SQS sinks, compiled once. Each value is rendered per message;
 * one that renders empty is left out (the services refuse empty values). A `Number` must be a
 * decimal number, a `Binary` value is base64 text, a `String.Array` a JSON array; anything else
 * makes the message fail permanently with `sink.attribute-invalid`. The size counts, as the
 * services do, each attribute's name, data type and value.
 */
export class MessageAttributes {
  private readonly attributes: readonly CompiledAttribute[]

  constructor(specs: readonly MessageAttributeSpec[]) {
    this.attributes = specs.map((spec, i) => ({
      name: spec.name,
      type: spec.type,
      value: compileField(spec.value, `/messageAttributes/${i}/value`),
    }))
  }

  render(message: MessageContext): RenderedAttributes {
    if (this.attributes.length === 0) return { values: undefined, bytes: 0 }
    const values: Record<string, AttributeValue> = {}
    let bytes = 0
    for (const attribute of this.attributes) {
      const text = attribute.value(message)
      if (text === '') continue
      const value = attributeValue(attribute, text)
      values[attribute.name] = value
      bytes += utf8Length(attribute.name) + utf8Length(attribute.type)
      bytes += value.BinaryValue?.byteLength ?? utf8Length(value.StringValue ?? '')
    }
    return { values: Object.keys(values).length > 0 ? values : undefined, bytes }
  }
}

function attributeValue(attribute: CompiledAttribute, text: string): AttributeValue {
  const invalid = (expected: string) =>
    new InvalidMessageError(
      'sink.attribute-invalid',
      `message attribute "${attribute.name}" must be ${expected}, and the rendered value (${text.length} characters, not shown) is not`,
    )
  switch (attribute.type) {
    case 'Number':
      if (!NUMBER.test(text)) throw invalid('a number')
      return { DataType: 'Number', StringValue: text }
    case 'Binary':
      if (!BASE64.test(text)) throw invalid('base64 text')
      return { DataType: 'Binary', BinaryValue: Buffer.from(text, 'base64') }
    case 'String.Array':
      if (!isJsonArray(text)) throw invalid('a JSON array, e.g. ["a","b"]')
      return { DataType: 'String.Array', StringValue: text }
    default:
      return { DataType: attribute.type, StringValue: text }
  }
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text))
  } catch {
    return false
  }
}
