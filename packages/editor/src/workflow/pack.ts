import type { Point } from './draft.ts'

/** The weakly connected parts of a graph, each in the order its nodes first appear in `ids`. */
export function components(
  ids: readonly string[],
  links: readonly { from: string; to: string }[],
): string[][] {
  const parent = new Map(ids.map((id) => [id, id]))
  const root = (id: string): string => {
    let r = id
    for (let up = parent.get(r); up !== undefined && up !== r; up = parent.get(r)) r = up
    parent.set(id, r)
    return r
  }
  for (const { from, to } of links) {
    const a = root(from)
    const b = root(to)
    if (a !== b) parent.set(b, a)
  }
  const parts = new Map<string, string[]>()
  for (const id of ids) {
    const r = root(id)
    const part = parts.get(r)
    if (part) part.push(id)
    else parts.set(r, [id])
  }
  return [...parts.values()]
}

const GAP = 80
const ASPECT = 1.6

/**
 * Places laid-out parts (each from the origin) side by side in rows about `ASPECT` times wider
 * than tall, in order, with a gap between them. `node` is the size of one node.
 */
export function packComponents(
  parts: readonly Map<string, Point>[],
  node: { width: number; height: number },
): Map<string, Point> {
  const boxes = parts.map((part) => {
    const points = [...part.values()]
    return {
      part,
      width: Math.max(0, ...points.map((p) => p.x)) + node.width,
      height: Math.max(0, ...points.map((p) => p.y)) + node.height,
    }
  })
  const area = boxes.reduce((sum, b) => sum + (b.width + GAP) * (b.height + GAP), 0)
  const rowWidth = Math.max(...boxes.map((b) => b.width), Math.sqrt(area * ASPECT))
  const placed = new Map<string, Point>()
  let x = 0
  let y = 0
  let rowHeight = 0
  for (const box of boxes) {
    if (x > 0 && x + box.width > rowWidth) {
      x = 0
      y += rowHeight + GAP
      rowHeight = 0
    }
    for (const [id, p] of box.part) placed.set(id, { x: p.x + x, y: p.y + y })
    x += box.width + GAP
    rowHeight = Math.max(rowHeight, box.height)
  }
  return placed
}
