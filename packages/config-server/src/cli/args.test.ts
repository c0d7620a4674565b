import { describe, expect, it } from 'vitest'
import { parseServerArgs } from './args.ts'

describe('sluice-server arguments', () => {
  it('takes the project and data folders, with defaults for the rest', () => {
    expect(parseServerArgs(['--project', 'p', '--data', 'd'])).toEqual({
      project: 'p',
      data: 'd',
      host: '127.0.0.1',
      port: 8080,
      secureCookies: false,
      logLevel: 'info',
    })
    expect(
      parseServerArgs([
        '--project',
        'p',
        '--data',
        'd',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--secure-cookies',
      ]),
    ).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      secureCookies: true,
    })
  })

  it('says what is wrong', () => {
    expect(parseServerArgs(['--project', 'p'])).toEqual({ error: '--project and --data are required' })
    expect(parseServerArgs(['--project', 'p', '--data', 'd', '--port', 'x'])).toEqual({
      error: '--port must be a number from 0 to 65535, not "x"',
    })
    expect(parseServerArgs(['--nope'])).toMatchObject({ error: expect.stringContaining('--nope') })
    expect(parseServerArgs(['--project', 'p', '--data', 'd', '--log-level', 'loud'])).toMatchObject({
      error: expect.stringContaining('--log-level'),
    })
  })
})
