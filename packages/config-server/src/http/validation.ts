import { toPointer } from '@sluice/assets'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import type { ErrorIssue } from '../errors.ts'

/** A schema option: the handler validates this body itself (asset documents, with macros allowed). */
export const VALIDATED_IN_HANDLER = 'x-sluice-validated-in-handler'

/** A request that does not fit its route's schema; the error handler answers 400 `request.invalid`. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError'
  readonly part: string
  readonly issues: ErrorIssue[]
  constructor(part: string, issues: ErrorIssue[]) {
    super(
      `the ${part} does not fit this route: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`,
    )
    this.part = part
    this.issues = issues
  }
}

interface RawError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: unknown
  message: string
}

const CODES: Record<string, string> = {
  type: 'schema.type',
  pattern: 'schema.pattern',
  format: 'schema.pattern',
  const: 'schema.enum',
  enum: 'schema.enum',
  minLength: 'schema.range',
  maxLength: 'schema.range',
  minimum: 'schema.range',
  maximum: 'schema.range',
  exclusiveMinimum: 'schema.range',
  exclusiveMaximum: 'schema.range',
  minItems: 'schema.range',
  maxItems: 'schema.range',
  uniqueItems: 'schema.invalid',
  minProperties: 'schema.range',
  maxProperties: 'schema.range',
}

function listParam(params: unknown, key: string): string[] {
  const value = typeof params === 'object' && params !== null ? Reflect.get(params, key) : undefined
  return Array.isArray(value) ? value.map(String) : []
}

/**
 * Issues for a value that does not fit a request schema. Messages describe what was expected and
 * never repeat the value sent, which may be a password or a secret.
 */
export function requestIssues(schema: TSchema, value: unknown): ErrorIssue[] {
  const errors: RawError[] = [...Value.Errors(schema, value)]
  const unions = errors.filter((e) => e.keyword === 'anyOf')
  const issues: ErrorIssue[] = []
  for (const error of errors) {
    const inUnion = unions.some((u) => u !== error && error.schemaPath.startsWith(`${u.schemaPath}/anyOf/`))
    if (inUnion || (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')))
      continue
    const at = error.instancePath
    if (error.keyword === 'required') {
      for (const name of listParam(error.params, 'requiredProperties'))
        issues.push({
          path: `${at}${toPointer([name])}`,
          code: 'schema.required',
          message: `"${name}" is required`,
        })
    } else if (error.keyword === 'additionalProperties') {
      for (const name of listParam(error.params, 'additionalProperties'))
        issues.push({
          path: `${at}${toPointer([name])}`,
          code: 'schema.unknown-field',
          message: `unknown field "${name}"`,
        })
    } else if (error.keyword === 'anyOf') {
      const choices = errors
        .filter((e) => e.keyword === 'const' && e.schemaPath.startsWith(`${error.schemaPath}/anyOf/`))
        .map((e) =>
          JSON.stringify(
            typeof e.params === 'object' && e.params !== null
              ? Reflect.get(e.params, 'allowedValue')
              : undefined,
          ),
        )
      issues.push(
        choices.length > 0
          ? { path: at, code: 'schema.enum', message: `must be one of ${choices.join(', ')}` }
          : { path: at, code: 'schema.invalid', message: 'does not match any of the allowed forms' },
      )
    } else {
      issues.push({ path: at, code: CODES[error.keyword] ?? 'schema.invalid', message: error.message })
    }
  }
  return issues.length > 0
    ? issues
    : [{ path: '', code: 'schema.invalid', message: 'does not fit the schema' }]
}

function isObjectBody(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Fastify's validator compiler: TypeBox, with query strings, params and headers converted first
 * (`"5"` to 5), and a request without a body checked as `{}` (so optional fields may all be left out). A body schema marked {@link VALIDATED_IN_HANDLER} only has to be a JSON object;
 * the handler then reports every issue with 422.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const part = httpPart ?? 'body'
  if (part === 'body' && Reflect.get(schema, VALIDATED_IN_HANDLER) === true) {
    return (value: unknown) =>
      isObjectBody(value)
        ? { value }
        : {
            error: new RequestValidationError('body', [
              { path: '', code: 'schema.type', message: 'the body must be a JSON object' },
            ]),
          }
  }
  const check = Compile(schema)
  return (value: unknown) => {
    const converted = part !== 'body' ? Value.Convert(schema, value) : (value ?? {})
    if (check.Check(converted)) return { value: converted }
    return { error: new RequestValidationError(part, requestIssues(schema, converted)) }
  }
}
