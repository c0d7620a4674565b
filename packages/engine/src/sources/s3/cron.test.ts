import { describe, expect, it } from 'vitest'
import { CronSyntaxError, nextCronTime, parseCron } from './cron.ts'

const next = (expression: string, after: string, zone = 'UTC') =>
  nextCronTime(parseCron(expression), new Date(after), zone).toISOString()

describe('cron', () => {
  it('finds the next minute, hour and day for 5-field expressions', () => {
    expect(next('*/5 * * * *', '2026-03-01T10:02:30Z')).toBe('2026-03-01T10:05:00.000Z')
    expect(next('0 2 * * *', '2026-03-01T10:02:30Z')).toBe('2026-03-02T02:00:00.000Z')
    expect(next('30 9 1 * *', '2026-03-01T10:00:00Z')).toBe('2026-04-01T09:30:00.000Z')
    expect(next('0 0 * * MON-FRI', '2026-03-07T12:00:00Z')).toBe('2026-03-09T00:00:00.000Z')
    expect(next('0 12 * JAN,jul SUN', '2026-03-01T00:00:00Z')).toBe('2026-07-05T12:00:00.000Z')
  })

  it('takes seconds first in 6-field expressions, and steps over ranges', () => {
    expect(next('*/15 * * * * *', '2026-03-01T10:00:07Z')).toBe('2026-03-01T10:00:15.000Z')
    expect(next('0 10-20/5 * * * *', '2026-03-01T10:16:00Z')).toBe('2026-03-01T10:20:00.000Z')
  })

  it('fires on either day field when both are restricted, and treats 7 as Sunday', () => {
    expect(next('0 0 13 * 5', '2026-03-01T00:00:00Z')).toBe('2026-03-06T00:00:00.000Z')
    expect(next('0 0 * * 7', '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z')
  })

  it('reads the expression in its time zone, across daylight saving changes', () => {
    expect(next('0 2 * * *', '2026-01-10T12:00:00Z', 'Europe/Berlin')).toBe('2026-01-11T01:00:00.000Z')
    expect(next('0 2 * * *', '2026-07-10T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-11T00:00:00.000Z')
    expect(next('30 3 * * *', '2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z')
    expect(next('0 9 * * *', '2026-03-01T00:00:00Z', 'Asia/Kathmandu')).toBe('2026-03-01T03:15:00.000Z')
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z')
  })

  it('rejects expressions it cannot read, naming the field', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/minute: "61"/)
    expect(() => parseCron('* * *')).toThrow(CronSyntaxError)
    expect(() => parseCron('0 0 * FOO *')).toThrow(/month/)
    expect(() => parseCron('0 0 5-1 * *')).toThrow(/backwards/)
    expect(() => nextCronTime(parseCron('0 0 30 2 *'), new Date(0), 'UTC')).toThrow(/never fires/)
  })
})
