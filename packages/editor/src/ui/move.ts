/** A copy of `list` with the entry at `index` moved `by` places (−1 up, +1 down), kept in bounds. */
export function moveItem<T>(list: readonly T[], index: number, by: number): T[] {
  const to = Math.min(list.length - 1, Math.max(0, index + by))
  const next = [...list]
  const [item] = next.splice(index, 1)
  if (item !== undefined) next.splice(to, 0, item)
  return next
}
