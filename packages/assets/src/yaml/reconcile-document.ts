import {
  type Document,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
  Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import { deepEqual, isRecord } from './deep-equal.ts'
import { createStyledNode } from './yaml-style.ts'

/**
 * Changes `doc` so that it holds `target`, replacing only the nodes whose value differs: nodes
 * that are kept keep their comments, blank lines and style (flow or block, quotes); a scalar that
 * changes keeps its comments; removed keys go with their comments; new keys are placed after
 * their predecessor in `target`'s key order. Called by `updateAssetYaml` when the text cannot be
 * patched line by line. Never throws for JSON-like targets.
 */
export function reconcileDocument(doc: Document, target: unknown): void {
  doc.contents = sync(doc, doc.contents, target)
}

function sync(doc: Document, node: unknown, target: unknown): Node {
  if (isNode(node) && deepEqual(jsOf(doc, node), target)) return node
  if (isMap(node) && isRecord(target)) {
    syncMap(doc, node, target)
    return node
  }
  if (isSeq(node) && Array.isArray(target)) {
    syncSeq(doc, node, target)
    return node
  }
  if (isScalar(node) && !node.tag && !node.anchor && sameScalarType(node.value, target)) {
    node.value = target
    return node
  }
  const fresh = createStyledNode(doc, target)
  if (isNode(node)) {
    fresh.comment = node.comment ?? null
    fresh.commentBefore = node.commentBefore ?? null
    if (node.spaceBefore) fresh.spaceBefore = true
    if (isCollection(node) && isCollection(fresh)) fresh.flow = node.flow === true
  }
  return fresh
}

function syncMap(doc: Document, map: YAMLMap, target: Record<string, unknown>): void {
  map.items = map.items.filter((pair) => {
    const key = keyOf(pair)
    return key !== undefined && Object.hasOwn(target, key)
  })
  let next = 0
  for (const [key, value] of Object.entries(target)) {
    const index = map.items.findIndex((pair) => keyOf(pair) === key)
    if (index < 0) {
      map.items.splice(next, 0, new Pair(doc.createNode(key), createStyledNode(doc, value)))
      next += 1
      continue
    }
    const pair = map.items[index]
    if (pair) pair.value = sync(doc, pair.value, value)
    next = index + 1
  }
}

function syncSeq(doc: Document, seq: YAMLSeq, target: readonly unknown[]): void {
  seq.items = target.map((value, i) => sync(doc, seq.items[i], value))
}

function sameScalarType(current: unknown, target: unknown): boolean {
  if (current === null || target === null) return current === target
  return typeof current === typeof target && ['string', 'number', 'boolean'].includes(typeof target)
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined
}

function jsOf(doc: Document, node: Node): unknown {
  try {
    return node.toJS(doc)
  } catch {
    return Symbol('unreadable')
  }
}
