import { isLiteral, MacroSyntaxError, parseTemplate, resolveStatic, stringifyTemplate } from '@sluice/assets'
import type { MacroNames } from './completion.ts'

/** How a value with macros reads in a chosen environment. */
export type MacroPreview =
  | { kind: 'plain' }
  | { kind: 'resolved'; text: string; secret: boolean }
  | { kind: 'partial'; text: string; missing: string[] }
  | { kind: 'error'; message: string }

export const SECRET_MASK = '••••••'

/**
 * Resolves the static macros of `text` with the environment keys of `names`. Secret values are
 * never known to the editor: a `${sec:...}` that exists shows as a mask. Per-message macros and
 * `env:`/`build:` stay as written, since they are known only on the engine.
 */
export function previewMacros(text: string, names: MacroNames): MacroPreview {
  if (!text.includes('${')) return { kind: 'plain' }
  let template: ReturnType<typeof parseTemplate>
  try {
    template = parseTemplate(text)
  } catch (error) {
    return { kind: 'error', message: error instanceof MacroSyntaxError ? error.message : String(error) }
  }
  const lay = new Map(names.lay.map((k) => [k.name, k.value]))
  const sec = new Set(names.sec.map((s) => s.name))
  let secret = false
  const { template: resolved, problems } = resolveStatic(template, {
    lay: (name) => lay.get(name),
    sec: (name) => {
      if (!sec.has(name)) return undefined
      secret = true
      return SECRET_MASK
    },
  })
  const missing = problems.map((p) => `${p.prefix}:${p.name}`)
  const shown = isLiteral(resolved) ? resolved.join('') : stringifyTemplate(resolved)
  return missing.length > 0
    ? { kind: 'partial', text: shown, missing }
    : { kind: 'resolved', text: shown, secret }
}
