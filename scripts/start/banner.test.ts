import { describe, expect, it } from 'vitest'
import { banner, readBanner, shown } from './banner.ts'

describe('the pnpm start banner', () => {
  it('leads with the editor URL and the admin login, and says where the password is kept', () => {
    const text = banner(
      {
        url: 'http://127.0.0.1:8080',
        password: { password: 'pw', source: 'file', file: '/repo/.sluice-data/admin-password' },
        metricsUrl: 'http://127.0.0.1:9464/metrics',
        project: '/repo/examples/demo',
        projectIsDemo: true,
        endpoints: {
          s3: 'http://127.0.0.1:4566',
          kinesis: 'http://127.0.0.1:4567',
          eventbridge: 'http://127.0.0.1:4568',
        },
        traffic: true,
        dataDir: '/repo/.sluice-data',
        readySeconds: 12.34,
      },
      '/repo',
    )
    const lines = text.split('\n')
    expect(lines).toContain('Sluice is running (ready in 12.3 s)')
    expect(lines).toContain('  Editor      http://127.0.0.1:8080')
    expect(lines).toContain('  Sign in     admin / pw')
    expect(text).toContain('kept in .sluice-data/admin-password')
    expect(text).toContain('examples/demo (the editor saves here')
    expect(lines.at(-2)).toBe('Press Ctrl-C to stop everything.')
  })

  it('reads back what scripts and tests need', () => {
    const facts = {
      url: 'http://127.0.0.1:41465',
      password: { password: 'p_w-1', source: 'SLUICE_ADMIN_PASSWORD' as const },
      metricsUrl: 'http://127.0.0.1:42499/metrics',
      project: '/tmp/d/project',
      projectIsDemo: false,
      endpoints: {
        s3: 'http://127.0.0.1:1',
        kinesis: 'http://127.0.0.1:2',
        eventbridge: 'http://127.0.0.1:3',
      },
      traffic: false,
      dataDir: '/tmp/d',
      readySeconds: 1,
    }
    expect(readBanner(`✓ starting\n${banner(facts, '/repo')}`)).toEqual({
      url: 'http://127.0.0.1:41465',
      password: 'p_w-1',
      metricsUrl: 'http://127.0.0.1:42499/metrics',
      endpoints: {
        fauxqs: 'http://127.0.0.1:1',
        kinesis: 'http://127.0.0.1:2',
        standIn: 'http://127.0.0.1:3',
      },
    })
    expect(readBanner('✓ config server at http://127.0.0.1:8080')).toBeUndefined()
  })

  it('shows paths inside the working directory relative to it', () => {
    expect(shown('/repo/a/b', '/repo')).toBe('a/b')
    expect(shown('/repo', '/repo')).toBe('.')
    expect(shown('/tmp/x', '/repo')).toBe('/tmp/x')
  })
})
