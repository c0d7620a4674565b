import { MACRO_PREFIXES, type MacroPhase } from '@sluice/assets'

/** What the editor knows to offer inside `${...}`: from `/api/macros/completions`. */
export interface MacroNames {
  lay: readonly { name: string; value: string; from: string }[]
  sec: readonly { name: string }[]
  build: readonly string[]
}

export interface Completion {
  label: string
  /** Text that replaces the range `from`–`to`. */
  insert: string
  detail?: string
}

export interface CompletionResult {
  from: number
  to: number
  items: Completion[]
}

const PREFIX_HELP: Readonly<Record<string, string>> = {
  lay: 'a key of the deployment’s environments',
  sec: 'a secret value (resource/key)',
  env: 'a variable of the engine node',
  build: 'a deploy-time value',
  msg: 'a field of the current message',
  date: 'the current time, formatted',
}
const MSG_FIELDS = ['body.', 'attributes.', 'meta.']
const DATE_FORMATS = ['iso', 'epoch', 'epochMillis', 'yyyy-MM-dd', 'yyyy/MM/dd/HH', 'HHmmss']

/** The prefixes a field of `phase` accepts. */
export function prefixesFor(phase: MacroPhase): string[] {
  if (phase === 'none') return []
  return Object.entries(MACRO_PREFIXES)
    .filter(([, when]) => phase === 'dynamic' || when === 'static')
    .map(([prefix]) => prefix)
}

/** Offset of the innermost `${` still open at `caret`, or -1. A `$${` is an escaped literal. */
export function openMacroAt(text: string, caret: number): number {
  let depth = 0
  for (let i = caret - 1; i >= 0; i -= 1) {
    if (text[i] === '}') depth += 1
    else if (text.startsWith('${', i) && text[i - 1] !== '$') {
      if (depth === 0) return i
      depth -= 1
    }
  }
  return -1
}

function namesFor(prefix: string, names: MacroNames): Completion[] {
  switch (prefix) {
    case 'lay':
      return names.lay.map((k) => ({ label: k.name, insert: k.name, detail: `${k.value}  (${k.from})` }))
    case 'sec':
      return names.sec.map((s) => ({ label: s.name, insert: s.name, detail: 'secret' }))
    case 'build':
      return names.build.map((b) => ({ label: b, insert: b }))
    case 'msg':
      return MSG_FIELDS.map((f) => ({ label: f, insert: f }))
    case 'date':
      return DATE_FORMATS.map((f) => ({ label: f, insert: f }))
    default:
      return []
  }
}

/** Names that start with what was typed, then names that contain it. */
function ranked(items: readonly Completion[], typed: string): Completion[] {
  const t = typed.toLowerCase()
  const starts = items.filter((c) => c.label.toLowerCase().startsWith(t))
  const contains = items.filter(
    (c) => !c.label.toLowerCase().startsWith(t) && c.label.toLowerCase().includes(t),
  )
  return [...starts, ...contains]
}

/**
 * What to offer at `caret` in `text`: prefixes right after `${`, names after `${prefix:`. Answers
 * `undefined` outside a macro, after a `:-` default, or when the field takes no macros.
 */
export function completionsAt(
  text: string,
  caret: number,
  phase: MacroPhase,
  names: MacroNames,
): CompletionResult | undefined {
  const open = openMacroAt(text, caret)
  if (open < 0) return undefined
  const typed = text.slice(open + 2, caret)
  const allowed = prefixesFor(phase)
  const colon = typed.indexOf(':')
  if (colon < 0) {
    const items = allowed
      .filter((p) => p.startsWith(typed))
      .map((p) => ({ label: `${p}:`, insert: `${p}:`, detail: PREFIX_HELP[p] ?? '' }))
    return { from: open + 2, to: caret, items }
  }
  const prefix = typed.slice(0, colon)
  const name = typed.slice(colon + 1)
  if (!allowed.includes(prefix) || name.includes(':-') || name.includes('${')) return undefined
  const closed = text[caret] === '}'
  const suffix = prefix === 'msg' || closed ? '' : '}'
  const items = ranked(namesFor(prefix, names), name).map((c) => ({
    ...c,
    insert: c.insert.endsWith('.') ? c.insert : c.insert + suffix,
  }))
  return { from: open + 2 + colon + 1, to: caret, items }
}

/** Replaces the completed range; answers the new text and where the caret goes. */
export function applyCompletion(
  text: string,
  result: CompletionResult,
  item: Completion,
): { text: string; caret: number } {
  const next = text.slice(0, result.from) + item.insert + text.slice(result.to)
  return { text: next, caret: result.from + item.insert.length }
}
