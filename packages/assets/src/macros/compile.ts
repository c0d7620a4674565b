import type { MacroNode, Template } from './ast.ts'
import { formatDate } from './date-format.ts'

/** What per-message macros read: the envelope's body, attributes and meta, and the current time. */
export interface MessageContext {
  body: unknown
  attributes: Readonly<Record<string, string>>
  meta: Readonly<Record<string, unknown>>
  now: Date
}

/** A `${msg:...}` field was missing from a message and the macro had no default. */
export class MessageFieldMissingError extends Error {
  readonly field: string
  constructor(field: string) {
    super(`message has no field "${field}" and the macro gives no default (write \${msg:${field}:-default})`)
    this.name = 'MessageFieldMissingError'
    this.field = field
  }
}

export type CompiledTemplate = (message: MessageContext) => string

/**
 * Compiles a template whose static macros are already resolved into a function evaluated once per
 * message. Message values are inserted as literal text and never expanded again, so a body holding
 * `${env:SECRET}` stays that string. Throws {@link MessageFieldMissingError} per message when a
 * field is missing and has no default; the engine treats that as a permanent error for the message.
 */
export function compileTemplate(template: Template): CompiledTemplate {
  const parts = template.map(compilePart)
  if (parts.length === 1 && parts[0]) return parts[0]
  return (message) => {
    let out = ''
    for (const part of parts) out += part(message)
    return out
  }
}

function compilePart(part: Template[number]): CompiledTemplate {
  if (typeof part === 'string') return () => part
  return compileNode(part)
}

function compileNode(node: MacroNode): CompiledTemplate {
  const name = compileTemplate(node.name)
  const fallback = node.fallback ? compileTemplate(node.fallback) : undefined
  switch (node.prefix) {
    case 'msg': {
      const [only, ...others] = node.name
      const staticRead = typeof only === 'string' && others.length === 0 ? fieldReader(only) : undefined
      return (message) => {
        const value = (staticRead ?? fieldReader(name(message)))(message)
        if (value !== undefined) return value
        if (fallback) return fallback(message)
        throw new MessageFieldMissingError(name(message))
      }
    }
    case 'date':
      return (message) => formatDate(message.now, name(message))
    default:
      throw new Error(`\${${node.prefix}:...} must be resolved before the template is compiled`)
  }
}

/**
 * The reader of one field path, split once and then applied to many messages: it reads
 * `body.a.b`, `attributes.x` or `meta.y`; a path that starts with none of those reads the body.
 * Objects are written as JSON.
 */
function fieldReader(path: string): (message: MessageContext) => string | undefined {
  const segments = path.split('.')
  const root = segments[0]
  const fromRoot = root === 'body' || root === 'attributes' || root === 'meta' ? root : undefined
  const rest = fromRoot === undefined ? segments : segments.slice(1)
  return (message) => {
    let current: unknown = fromRoot === undefined ? message.body : message[fromRoot]
    for (const segment of rest) {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment))
        return undefined
      current = Reflect.get(current, segment)
    }
    if (current === undefined || current === null) return undefined
    return typeof current === 'string' ? current : JSON.stringify(current)
  }
}
