import { StandInError } from './errors.ts'

/** A parsed AWS JSON 1.1 request or response body. */
export type JsonObject = Record<string, unknown>

/** Whether a value is a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses an AWS JSON 1.1 body; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): JsonObject {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new StandInError('SerializationException', 'Start of structure or map found where not expected.')
  }
  if (!isJsonObject(parsed)) throw new StandInError('SerializationException', 'Expected a JSON object.')
  return parsed
}

function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1)
}

/** A validation error worded like the AWS JSON services' own. */
export function validationError(key: string, value: unknown, constraint: string): StandInError {
  const shown =
    value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`
  return new StandInError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${memberName(key)}' failed to satisfy constraint: ${constraint}`,
  )
}

/** An optional string member; a non-string is a SerializationException. */
export function optString(input: JsonObject, key: string): string | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    throw new StandInError('SerializationException', `Member ${key} must be a string.`)
  }
  return value
}

/** A required string member. */
export function reqString(input: JsonObject, key: string): string {
  const value = optString(input, key)
  if (value === undefined) throw validationError(key, value, 'Member must not be null')
  return value
}

/** An optional number member. */
export function optNumber(input: JsonObject, key: string): number | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') {
    throw new StandInError('SerializationException', `Member ${key} must be a number.`)
  }
  return value
}

/** An optional list member. */
export function optArray(input: JsonObject, key: string): readonly unknown[] | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw new StandInError('SerializationException', `Member ${key} must be a list.`)
  return value
}

/** Checks a name against a length range and pattern, as AWS does for resource names. */
export function checkName(key: string, value: string, pattern: RegExp, max: number): void {
  if (value.length < 1 || value.length > max) {
    throw validationError(key, value, `Member must have length less than or equal to ${max}`)
  }
  if (!pattern.test(value)) {
    throw validationError(key, value, `Member must satisfy regular expression pattern: ${pattern.source}`)
  }
}
