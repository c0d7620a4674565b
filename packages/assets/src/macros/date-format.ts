const pad = (n: number, width = 2) => String(n).padStart(width, '0')

const tokens: Record<string, (d: Date) => string> = {
  yyyy: (d) => String(d.getUTCFullYear()),
  yy: (d) => pad(d.getUTCFullYear() % 100),
  MM: (d) => pad(d.getUTCMonth() + 1),
  dd: (d) => pad(d.getUTCDate()),
  HH: (d) => pad(d.getUTCHours()),
  mm: (d) => pad(d.getUTCMinutes()),
  ss: (d) => pad(d.getUTCSeconds()),
  SSS: (d) => pad(d.getUTCMilliseconds(), 3),
}
const tokenPattern = /yyyy|yy|MM|dd|HH|mm|ss|SSS/g

/**
 * Formats a time in UTC for `${date:...}`: the names `iso`, `epoch` (seconds) and `epochMillis`, or
 * a pattern of `yyyy yy MM dd HH mm ss SSS` with any other characters kept as they are.
 */
export function formatDate(date: Date, format: string): string {
  if (format === 'iso') return date.toISOString()
  if (format === 'epoch') return String(Math.floor(date.getTime() / 1000))
  if (format === 'epochMillis') return String(date.getTime())
  return format.replace(tokenPattern, (token) => tokens[token]?.(date) ?? token)
}
