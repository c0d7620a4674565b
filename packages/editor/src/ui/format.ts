/** How long ago an ISO time was, for "tested 3 min ago" and heartbeats. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (iso === undefined) return 'never'
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  if (!Number.isFinite(seconds)) return 'unknown'
  if (seconds < 5) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`
  return `${Math.round(seconds / 86_400)} d ago`
}

/** A byte count for people: 1.5 MiB. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`
}

/** A rate for people: 1.2k/s. */
export function rate(perSecond: number): string {
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`
  return `${perSecond.toFixed(1)}/s`
}

/** Seconds as `1 h 5 min`, for duration fields. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return ''
  const parts: string[] = []
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (h) parts.push(`${h} h`)
  if (m) parts.push(`${m} min`)
  if (s || parts.length === 0) parts.push(`${s} s`)
  return parts.join(' ')
}
