/** The prefixes a macro may use, and when each is resolved. */
export const MACRO_PREFIXES = {
  lay: 'static',
  sec: 'static',
  env: 'static',
  build: 'static',
  msg: 'dynamic',
  date: 'dynamic',
} as const

export type MacroPrefix = keyof typeof MACRO_PREFIXES

/** A parsed string: literal text and macros, in order. Text parts are already unescaped. */
export type Template = readonly Part[]
export type Part = string | MacroNode

/** One `${prefix:name:-default}`; `name` and `fallback` may themselves hold macros. */
export interface MacroNode {
  prefix: string
  name: Template
  /** The `:-default` part; absent when the macro has none. */
  fallback?: Template
  /** Offsets of the macro in the source string, for error messages. */
  start: number
  end: number
}

export function isMacroPrefix(prefix: string): prefix is MacroPrefix {
  return Object.hasOwn(MACRO_PREFIXES, prefix)
}

/** Every macro node of a template, outer before inner. */
export function* macroNodes(template: Template): Generator<MacroNode> {
  for (const part of template) {
    if (typeof part === 'string') continue
    yield part
    yield* macroNodes(part.name)
    if (part.fallback) yield* macroNodes(part.fallback)
  }
}

/** Writes a template back as source text, escaping literal `${` as `$${`. */
export function stringifyTemplate(template: Template): string {
  return template
    .map((part) => {
      if (typeof part === 'string') return part.replaceAll('${', () => '$${')
      const fallback = part.fallback ? `:-${stringifyTemplate(part.fallback)}` : ''
      return `\${${part.prefix}:${stringifyTemplate(part.name)}${fallback}}`
    })
    .join('')
}
