/** Each `from` with the `to`s it links to, in link order. */
export function successors(links: Iterable<{ from: string; to: string }>): Map<string, string[]> {
  const next = new Map<string, string[]>()
  for (const { from, to } of links) {
    const list = next.get(from)
    if (list) list.push(to)
    else next.set(from, [to])
  }
  return next
}

/** Each `to` with the `from`s that link to it. */
export function predecessors(links: Iterable<{ from: string; to: string }>): Map<string, string[]> {
  const swapped: { from: string; to: string }[] = []
  for (const { from, to } of links) swapped.push({ from: to, to: from })
  return successors(swapped)
}
