import { predecessors, successors } from './adjacency.ts'
import type { Point } from './draft.ts'
import { components, packComponents } from './pack.ts'

export interface LayoutOptions {
  /** Horizontal distance between layers. */
  layerGap: number
  /** Vertical distance between neighbours in a layer. */
  rowGap: number
  /** Barycenter sweeps that reduce crossings. */
  sweeps: number
}

const DEFAULTS: LayoutOptions = { layerGap: 280, rowGap: 110, sweeps: 4 }

/**
 * A small layered (Sugiyama-style) layout, left to right: links that close a cycle are set aside,
 * each node goes to the layer after its longest chain of predecessors, nodes within a layer are
 * ordered by the mean position of their neighbours to reduce crossings, and layers are centred.
 * Unconnected parts are laid out on their own and packed in rows, so many small chains fill a
 * landscape area instead of one tall column. Linear in the graph per sweep: 300 nodes lay out instantly.
 */
export function layeredLayout(
  ids: readonly string[],
  links: readonly { from: string; to: string }[],
  options: Partial<LayoutOptions> = {},
): Map<string, Point> {
  const settings = { ...DEFAULTS, ...options }
  const known = new Set(ids)
  const valid = links.filter((l) => known.has(l.from) && known.has(l.to) && l.from !== l.to)
  const parts = components(ids, valid).map((part) => {
    const members = new Set(part)
    return layoutComponent(
      part,
      valid.filter((l) => members.has(l.from)),
      settings,
    )
  })
  return packComponents(parts, { width: settings.layerGap - 80, height: settings.rowGap - 40 })
}

/** Lays out one connected part of the graph in layers, from the origin. */
function layoutComponent(
  ids: readonly string[],
  links: readonly { from: string; to: string }[],
  { layerGap, rowGap, sweeps }: LayoutOptions,
): Map<string, Point> {
  const edges = acyclicEdges(ids, links)
  const layerOf = longestPathLayers(ids, edges)
  const layers: string[][] = []
  for (const id of ids) {
    const layer = layerOf.get(id) ?? 0
    while (layers.length <= layer) layers.push([])
    layers[layer]?.push(id)
  }
  orderLayers(layers, edges, sweeps)
  const tallest = Math.max(1, ...layers.map((l) => l.length))
  const positions = new Map<string, Point>()
  layers.forEach((layer, x) => {
    const offset = ((tallest - layer.length) * rowGap) / 2
    layer.forEach((id, y) => {
      positions.set(id, { x: x * layerGap, y: offset + y * rowGap })
    })
  })
  return positions
}

function acyclicEdges(
  ids: readonly string[],
  links: readonly { from: string; to: string }[],
): [string, string][] {
  const out = successors(links)
  const state = new Map<string, 'open' | 'done'>()
  const kept: [string, string][] = []
  for (const root of ids) {
    if (state.has(root)) continue
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }]
    state.set(root, 'open')
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (!top) break
      const targets = out.get(top.id) ?? []
      const target = targets[top.next]
      if (target === undefined) {
        state.set(top.id, 'done')
        stack.pop()
        continue
      }
      top.next += 1
      const seen = state.get(target)
      if (seen === 'open') continue
      kept.push([top.id, target])
      if (seen === undefined) {
        state.set(target, 'open')
        stack.push({ id: target, next: 0 })
      }
    }
  }
  return kept
}

function longestPathLayers(ids: readonly string[], edges: readonly [string, string][]): Map<string, number> {
  const incoming = new Map<string, number>(ids.map((id) => [id, 0]))
  for (const [, to] of edges) incoming.set(to, (incoming.get(to) ?? 0) + 1)
  const out = successors(edges.map(([from, to]) => ({ from, to })))
  const layer = new Map<string, number>()
  const ready = ids.filter((id) => incoming.get(id) === 0)
  for (const id of ready) layer.set(id, 0)
  for (let i = 0; i < ready.length; i += 1) {
    const id = ready[i]
    if (id === undefined) continue
    for (const to of out.get(id) ?? []) {
      layer.set(to, Math.max(layer.get(to) ?? 0, (layer.get(id) ?? 0) + 1))
      const left = (incoming.get(to) ?? 0) - 1
      incoming.set(to, left)
      if (left === 0) ready.push(to)
    }
  }
  return layer
}

function orderLayers(layers: string[][], edges: readonly [string, string][], sweeps: number): void {
  const pairs = edges.map(([from, to]) => ({ from, to }))
  const preds = predecessors(pairs)
  const succs = successors(pairs)
  const rank = new Map<string, number>()
  const rerank = (layer: readonly string[]) => {
    layer.forEach((id, i) => {
      rank.set(id, i)
    })
  }
  for (const layer of layers) rerank(layer)
  const reorder = (layer: string[], neighbours: Map<string, string[]>) => {
    const score = new Map<string, number>()
    layer.forEach((id, i) => {
      const ranks = (neighbours.get(id) ?? []).map((n) => rank.get(n) ?? 0)
      score.set(id, ranks.length === 0 ? i : ranks.reduce((a, b) => a + b, 0) / ranks.length)
    })
    layer.sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0))
    rerank(layer)
  }
  for (let sweep = 0; sweep < sweeps; sweep += 1) {
    if (sweep % 2 === 0) for (const layer of layers.slice(1)) reorder(layer, preds)
    else for (const layer of layers.slice(0, -1).reverse()) reorder(layer, succs)
  }
}
