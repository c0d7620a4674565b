import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Pair,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml'
import { deepEqual, isRecord } from './deep-equal.ts'
import { columnOf, createStyledNode, toStringOptions, type YamlStyle } from './yaml-style.ts'

interface Edit {
  start: number
  end: number
  text: string
}

interface Patch {
  text: string
  doc: Document.Parsed
  style: YamlStyle
  eol: string
  edits: Edit[]
}

type Range = [number, number, number]

/**
 * Edits `text` so that it holds `target`, touching only the lines of values that changed: a
 * changed scalar is rewritten where it stands (keeping its quotes), a removed key loses its lines
 * and the comment lines just above it, a new key is written after its predecessor in `target`'s
 * order, and a value whose shape changes is rewritten under its key. Every other byte, comments and
 * formatting included, stays as it was. Called by `updateAssetYaml` first. Returns `undefined` when
 * a change cannot be made this way without losing a comment or an anchor (a commented list that
 * grows, a commented flow mapping that gains a key, the first key of a list item removed); the
 * caller then re-renders the document, and checks either result by parsing it.
 */
export function patchText(
  text: string,
  doc: Document.Parsed,
  target: unknown,
  style: YamlStyle,
): string | undefined {
  const patch: Patch = { text, doc, style, eol: text.includes('\r\n') ? '\r\n' : '\n', edits: [] }
  if (!patchNode(patch, doc.contents, target, false)) return undefined
  return applyEdits(text, patch.edits)
}

function patchNode(patch: Patch, node: unknown, target: unknown, inFlow: boolean): boolean {
  if (isNode(node) && deepEqual(jsOf(patch.doc, node), target)) return true
  if (isMap(node) && isRecord(target)) return patchMap(patch, node, target)
  if (isSeq(node) && Array.isArray(target)) {
    const flow = inFlow || node.flow === true
    return (
      node.items.length === target.length &&
      target.every((item, i) => patchNode(patch, node.items[i], item, flow))
    )
  }
  if (isScalar(node) && isScalarValue(target)) return patchScalar(patch, node, target, inFlow)
  return false
}

function patchMap(patch: Patch, map: YAMLMap, target: Record<string, unknown>): boolean {
  const keys = Object.keys(target)
  const pairs = map.items
  if (keys.length === 0) return pairs.length === 0
  const removed = pairs.filter((pair) => {
    const key = keyOf(pair)
    return key === undefined || !Object.hasOwn(target, key)
  })
  const kept = (key: string) => pairs.find((pair) => keyOf(pair) === key)
  if (map.flow && (removed.length > 0 || keys.some((key) => !kept(key)))) return false
  if (!removed.every((pair) => deletePair(patch, pair))) return false
  let anchor: Pair | undefined
  let pending: string[] = []
  for (const key of keys) {
    const pair = kept(key)
    if (!pair) {
      pending.push(key)
      continue
    }
    if (pending.length > 0 && !insertPairs(patch, map, anchor, pending, target)) return false
    pending = []
    const value = target[key]
    if (!patchNode(patch, pair.value, value, map.flow === true) && !replacePair(patch, pair, value))
      return false
    anchor = pair
  }
  return pending.length === 0 || insertPairs(patch, map, anchor, pending, target)
}

function patchScalar(patch: Patch, node: Scalar, target: string | number | boolean | null, inFlow: boolean) {
  const range = rangeOf(node)
  if (!range || node.anchor || node.tag || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')
    return false
  const type = node.type
  const scalar = new Scalar(target)
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE'
  if (quoted && typeof target === 'string' && typeof node.value === 'string') scalar.type = type
  const rendered = renderScalar(scalar, inFlow)
  if (rendered.includes('\n')) return false
  patch.edits.push({ start: range[0], end: range[1], text: rendered })
  return true
}

function deletePair(patch: Patch, pair: Pair): boolean {
  const start = pairStart(patch.text, pair)
  const end = pairEnd(patch.text, pair)
  if (start === undefined || end === undefined) return false
  const text = patch.text
  const from = commentBlockStart(text, start)
  const blankBefore = from === 0 || text.slice(text.lastIndexOf('\n', from - 2) + 1, from).trim() === ''
  const blankAfter = /^\r?\n/.exec(text.slice(end))
  patch.edits.push({
    start: from,
    end: end + (blankBefore && blankAfter ? blankAfter[0].length : 0),
    text: '',
  })
  return true
}

function replacePair(patch: Patch, pair: Pair, value: unknown): boolean {
  const key = keyOf(pair)
  const start = pairStart(patch.text, pair)
  const end = pairEnd(patch.text, pair)
  if (key === undefined || start === undefined || end === undefined) return false
  if (hasCommentsOrAnchors(pair.value) || (isNode(pair.key) && pair.key.comment)) return false
  const flow = isCollection(pair.value) && pair.value.flow === true
  const column = columnOf(patch.text, start)
  patch.edits.push({ start: start - column, end, text: renderPair(patch, column, key, value, flow) })
  return true
}

function insertPairs(
  patch: Patch,
  map: YAMLMap,
  anchor: Pair | undefined,
  keys: readonly string[],
  target: Record<string, unknown>,
): boolean {
  const firstKey = rangeOf(map.items[0]?.key)
  if (!firstKey) return false
  const firstStart = map.items[0] && pairStart(patch.text, map.items[0])
  const at = anchor
    ? pairEnd(patch.text, anchor)
    : firstStart === undefined
      ? undefined
      : commentBlockStart(patch.text, firstStart)
  if (at === undefined) return false
  const column = columnOf(patch.text, firstKey[0])
  const rendered = keys.map((key) => renderPair(patch, column, key, target[key], false)).join('')
  const newline = at === patch.text.length && !patch.text.endsWith('\n') ? patch.eol : ''
  patch.edits.push({ start: at, end: at, text: newline + rendered })
  return true
}

function renderPair(patch: Patch, column: number, key: string, value: unknown, flow: boolean): string {
  const doc = new Document()
  const node = createStyledNode(doc, value)
  if (flow && isCollection(node)) node.flow = true
  const map = new YAMLMap()
  map.items.push(doc.createPair(key, node))
  doc.contents = map
  const lines = doc
    .toString({ ...toStringOptions(patch.style), lineWidth: 0 })
    .replace(/\n$/, '')
    .split('\n')
  const indent = ' '.repeat(column)
  return `${lines.map((line) => (line === '' ? line : indent + line)).join(patch.eol)}${patch.eol}`
}

function renderScalar(scalar: Scalar, inFlow: boolean): string {
  if (!inFlow) return new Document(scalar).toString({ lineWidth: 0 }).replace(/\n$/, '')
  const seq = new YAMLSeq()
  seq.flow = true
  seq.items.push(scalar)
  const text = new Document(seq).toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '')
  return text.slice(1, -1)
}

function applyEdits(text: string, edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let position = 0
  for (const edit of sorted) {
    if (edit.start < position) return undefined
    out += text.slice(position, edit.start) + edit.text
    position = edit.end
  }
  return out + text.slice(position)
}

function pairStart(text: string, pair: Pair): number | undefined {
  const range = rangeOf(pair.key)
  if (!range) return undefined
  const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1
  return text.slice(lineStart, range[0]).trim() === '' ? range[0] : undefined
}

function pairEnd(text: string, pair: Pair): number | undefined {
  const keyRange = rangeOf(pair.key)
  if (!keyRange) return undefined
  const valueRange = rangeOf(pair.value)
  const end = Math.max(keyRange[2], valueRange ? valueRange[2] : 0)
  const newline = text.indexOf('\n', end - 1)
  return newline < 0 ? text.length : newline + 1
}

function commentBlockStart(text: string, keyStart: number): number {
  const column = columnOf(text, keyStart)
  let start = keyStart - column
  while (start > 0) {
    const previous = text.lastIndexOf('\n', start - 2) + 1
    const line = text.slice(previous, start - 1)
    if (!/^\s*#/.test(line) || line.length - line.trimStart().length !== column) break
    start = previous
  }
  return start
}

function hasCommentsOrAnchors(node: unknown): boolean {
  if (!isNode(node)) return false
  let found = false
  visit(node, {
    Node(_, child) {
      if (child.comment || child.commentBefore || (!isAlias(child) && child.anchor)) {
        found = true
        return visit.BREAK
      }
    },
  })
  return found || Boolean(node.comment || node.commentBefore || (!isAlias(node) && node.anchor))
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined
}

function rangeOf(node: unknown): Range | undefined {
  return isNode(node) && node.range ? node.range : undefined
}

function jsOf(doc: Document.Parsed, node: unknown): unknown {
  if (!isNode(node)) return node
  try {
    return node.toJS(doc)
  } catch {
    return Symbol('unreadable')
  }
}

function isScalarValue(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}
