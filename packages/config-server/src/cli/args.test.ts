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

  it('takes the node protocol timings, within bounds', () => {
    expect(
      parseServerArgs([
        '--project',
        'p',
        '--data',
        'd',
        '--heartbeat-interval-ms',
        '500',
        '--late-after-ms',
        '1500',
      ]),
    ).toMatchObject({ cluster: { heartbeatIntervalMs: 500, lateAfterMs: 1500 } })
    expect(parseServerArgs(['--project', 'p', '--data', 'd', '--heartbeat-interval-ms', '50'])).toEqual({
      error: '--heartbeat-interval-ms must be a whole number of milliseconds from 100 to 3600000',
    })
    expect(parseServerArgs(['--project', 'p', '--data', 'd'])).not.toHaveProperty('cluster')
  })
})
