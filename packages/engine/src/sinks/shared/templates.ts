import { type CompiledTemplate, compileTemplate, type MessageContext, parseTemplate } from '@sluice/assets'
import type { Envelope } from '../../runtime/envelope.ts'
import { ConfigError } from '../../runtime/errors.ts'

/** What per-message templates read from an envelope. */
export function messageContext(envelope: Envelope, now: Date): MessageContext {
  return { body: envelope.body, attributes: envelope.attributes, meta: envelope.meta, now }
}

/**
 * Compiles a template field of a resolved spec once, when the sink is created. Its static macros
 * are already substituted; what remains are `${msg:...}` and `${date:...}`. `field` is the JSON
 * pointer inside the spec, for the {@link ConfigError} a malformed template raises.
 */
export function compileField(text: string, field: string): CompiledTemplate {
  try {
    return compileTemplate(parseTemplate(text))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError('sink.template-invalid', `/spec${field}`, `${field}: ${reason}`)
  }
}

/** {@link compileField} for a field that may be left out. */
export function compileOptionalField(text: string | undefined, field: string): CompiledTemplate | undefined {
  return text === undefined ? undefined : compileField(text, field)
}
