import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, START_ENV, startHelp, startSettings } from './settings.ts'

describe('pnpm start settings', () => {
  it('defaults to the fixed ports, traffic on, and .sluice-data in the repository', () => {
    expect(startSettings({}, '/somewhere')).toEqual({
      dataDir: join(ROOT, '.sluice-data'),
      ports: 'fixed',
      traffic: true,
    })
  })

  it('takes free ports, a data directory relative to the working directory, no traffic, a password', () => {
    expect(
      startSettings(
        {
          SLUICE_START_PORTS: '0',
          SLUICE_START_DATA: 'tmp/data',
          SLUICE_START_TRAFFIC: '0',
          SLUICE_ADMIN_PASSWORD: 'pw-from-env',
        },
        '/work',
      ),
    ).toEqual({ dataDir: '/work/tmp/data', ports: 'free', traffic: false, adminPassword: 'pw-from-env' })
  })

  it('names the variable it does not understand', () => {
    expect(startSettings({ SLUICE_START_PORTS: '8081' }, '/')).toEqual({
      error: 'SLUICE_START_PORTS must be 0 (free ports) or unset (the fixed ports), not "8081"',
    })
    expect(startSettings({ SLUICE_START_TRAFFIC: 'lots' }, '/')).toMatchObject({
      error: expect.stringContaining('SLUICE_START_TRAFFIC'),
    })
  })

  it('lists every variable in --help and in the quickstart', async () => {
    const quickstart = await readFile(join(ROOT, 'docs', 'quickstart.md'), 'utf8')
    for (const name of Object.keys(START_ENV)) {
      expect(startHelp()).toContain(`  ${name} `)
      expect(quickstart).toContain(`| \`${name}=`)
    }
  })
})
