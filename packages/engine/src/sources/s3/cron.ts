/** A parsed cron expression: the values each field allows. */
export interface CronExpression {
  readonly seconds: ReadonlySet<number>
  readonly minutes: ReadonlySet<number>
  readonly hours: ReadonlySet<number>
  readonly daysOfMonth: ReadonlySet<number>
  readonly months: ReadonlySet<number>
  readonly daysOfWeek: ReadonlySet<number>
  /** Day of month or day of week left as `*`: then only the other one restricts days. */
  readonly anyDayOfMonth: boolean
  readonly anyDayOfWeek: boolean
}

/** A cron expression that cannot be read; `message` says which field and why. */
export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronSyntaxError'
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface FieldRule {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly names?: readonly string[]
  readonly namesFrom?: number
}

const FIELDS: readonly FieldRule[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
]

function value(text: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1
  const n = named >= 0 ? named + (rule.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!(n >= rule.min && n <= rule.max))
    throw new CronSyntaxError(`${rule.name}: "${text}" is not a value from ${rule.min} to ${rule.max}`)
  return n
}

function field(text: string, rule: FieldRule): Set<number> {
  const allowed = new Set<number>()
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new CronSyntaxError(`${rule.name}: bad step in "${item}"`)
    let from: number
    let to: number
    if (range === '*' || range === '?') [from, to] = [rule.min, rule.max]
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-')
      ;[from, to] = [value(a, rule), value(b, rule)]
      if (from > to) throw new CronSyntaxError(`${rule.name}: range "${range}" runs backwards`)
    } else [from, to] = [value(range, rule), stepText === undefined ? value(range, rule) : rule.max]
    for (let n = from; n <= to; n += step) allowed.add(n)
  }
  return allowed
}

/** Parses 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first). */
export function parseCron(expression: string): CronExpression {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5 && parts.length !== 6)
    throw new CronSyntaxError(`expected 5 or 6 fields, found ${parts.length} in "${expression}"`)
  const [second, minute, hour, dom, month, dow] = parts.length === 6 ? parts : ['0', ...parts]
  const sets = [second, minute, hour, dom, month, dow].map((text, i) => {
    const rule = FIELDS[i]
    if (text === undefined || rule === undefined) throw new CronSyntaxError(`missing field ${i + 1}`)
    return field(text, rule)
  })
  const [seconds, minutes, hours, daysOfMonth, months, weekdays] = sets
  if (!seconds || !minutes || !hours || !daysOfMonth || !months || !weekdays)
    throw new CronSyntaxError('missing field')
  if (weekdays.has(7)) weekdays.add(0)
  return {
    seconds,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek: weekdays,
    anyDayOfMonth: dom === '*' || dom === '?',
    anyDayOfWeek: dow === '*' || dow === '?',
  }
}

interface WallClock {
  month: number
  day: number
  weekday: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock time of `instant` in `timeZone` (an IANA name). */
function wallClock(instant: number, timeZone: string): WallClock {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }
  const clock: WallClock = { month: 0, day: 0, weekday: 0, hour: 0, minute: 0, second: 0 }
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'weekday') clock.weekday = DAYS.indexOf(part.value.toUpperCase())
    else if (
      part.type === 'month' ||
      part.type === 'day' ||
      part.type === 'hour' ||
      part.type === 'minute' ||
      part.type === 'second'
    )
      clock[part.type] = Number(part.value)
  }
  return clock
}

function dayMatches(cron: CronExpression, clock: WallClock): boolean {
  const byMonth = cron.daysOfMonth.has(clock.day)
  const byWeek = cron.daysOfWeek.has(clock.weekday)
  if (cron.anyDayOfMonth) return byWeek
  if (cron.anyDayOfWeek) return byMonth
  return byMonth || byWeek
}

const SEARCH_YEARS = 5

/**
 * The first instant after `after` at which `cron` fires, read as wall-clock time in `timeZone`;
 * daylight-saving changes shift the instants as a person in that zone would expect. Throws when
 * it does not fire within five years (such as on 30 February).
 */
export function nextCronTime(cron: CronExpression, after: Date, timeZone: string): Date {
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000
  const limit = t + SEARCH_YEARS * 366 * 24 * 3600 * 1000
  while (t < limit) {
    const clock = wallClock(t, timeZone)
    const toNextHour = ((60 - clock.minute) * 60 - clock.second) * 1000
    if (!cron.months.has(clock.month) || !dayMatches(cron, clock))
      t += toNextHour + Math.max(0, 21 - clock.hour) * 3600 * 1000
    else if (!cron.hours.has(clock.hour)) t += toNextHour
    else if (!cron.minutes.has(clock.minute)) t += (60 - clock.second) * 1000
    else if (!cron.seconds.has(clock.second)) t += 1000
    else return new Date(t)
  }
  throw new CronSyntaxError('the expression never fires')
}
