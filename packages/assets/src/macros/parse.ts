import type { MacroNode, Part, Template } from './ast.ts'

/** A syntax error in a macro string, with the offset where it was noticed. */
export class MacroSyntaxError extends Error {
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.name = 'MacroSyntaxError'
    this.offset = offset
  }
}

/**
 * Parses a string with `${prefix:name}` macros into a {@link Template}. Supports defaults
 * (`${prefix:name:-default}`), nesting (`${sec:${lay:NAME}}`) and `$${` for a literal `${`.
 * Throws {@link MacroSyntaxError} for an unclosed macro or one without a prefix.
 */
export function parseTemplate(source: string): Template {
  const [parts, end] = parseParts(source, 0, false)
  if (end !== source.length) throw new MacroSyntaxError(`unexpected "}" at offset ${end}`, end)
  return parts
}

/** Parses until the end of the string, or (inside a macro) until the closing `}` or `:-`. */
function parseParts(source: string, from: number, inside: boolean): [Part[], number] {
  const parts: Part[] = []
  let text = ''
  let i = from
  while (i < source.length) {
    if (source.startsWith('$${', i)) {
      text += '${'
      i += 3
    } else if (source.startsWith('${', i)) {
      if (text) parts.push(text)
      text = ''
      const [node, next] = parseMacro(source, i)
      parts.push(node)
      i = next
    } else if (inside && (source[i] === '}' || source.startsWith(':-', i))) {
      break
    } else {
      text += source[i]
      i += 1
    }
  }
  if (text) parts.push(text)
  return [parts, i]
}

function parseMacro(source: string, start: number): [MacroNode, number] {
  const colon = source.indexOf(':', start + 2)
  const prefix = colon < 0 ? '' : source.slice(start + 2, colon)
  if (!/^[a-z]+$/.test(prefix)) {
    throw new MacroSyntaxError(
      `"${source.slice(start, start + 24)}…" needs the form \${prefix:name}, e.g. \${lay:BUCKET}`,
      start,
    )
  }
  const [name, afterName] = parseParts(source, colon + 1, true)
  let end = afterName
  let fallback: Part[] | undefined
  if (source.startsWith(':-', afterName)) {
    const [parsedFallback, afterFallback] = parseFallback(source, afterName + 2)
    fallback = parsedFallback
    end = afterFallback
  }
  if (source[end] !== '}')
    throw new MacroSyntaxError(`"\${${prefix}:" at offset ${start} is never closed`, start)
  if (name.length === 0) throw new MacroSyntaxError(`"\${${prefix}:}" at offset ${start} has no name`, start)
  const node: MacroNode = fallback
    ? { prefix, name, fallback, start, end: end + 1 }
    : { prefix, name, start, end: end + 1 }
  return [node, end + 1]
}

/** A default runs to the closing `}`; a `:-` inside it is plain text. */
function parseFallback(source: string, from: number): [Part[], number] {
  const parts: Part[] = []
  let i = from
  for (;;) {
    const [chunk, next] = parseParts(source, i, true)
    parts.push(...chunk)
    if (source.startsWith(':-', next)) {
      parts.push(':-')
      i = next + 2
    } else {
      return [mergeText(parts), next]
    }
  }
}

function mergeText(parts: Part[]): Part[] {
  const merged: Part[] = []
  for (const part of parts) {
    const last = merged.at(-1)
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part
    else merged.push(part)
  }
  return merged
}
