import { describe, expect, it } from 'vitest'
import { envAllowlist, parseEnvAllow } from './env-allow.ts'

describe('the env allowlist', () => {
  it('allows exact names and PREFIX_* patterns, nothing else', () => {
    const allow = parseEnvAllow('REGION, SLUICE_*,')
    expect(allow.allows('REGION')).toBe(true)
    expect(allow.allows('SLUICE_QUEUE')).toBe(true)
    expect(allow.allows('REGION2')).toBe(false)
    expect(allow.allows('AWS_SECRET_ACCESS_KEY')).toBe(false)
    expect(allow.patterns).toEqual(['REGION', 'SLUICE_*'])
    expect(parseEnvAllow(undefined).allows('HOME')).toBe(false)
  })

  it('refuses patterns that are not names', () => {
    expect(() => envAllowlist(['A*B'])).toThrow(RangeError)
    expect(() => envAllowlist(['*'])).toThrow(/not a variable name/)
  })
})
