import { describe, expect, it } from 'vitest'
import { workflowEnvironment } from './runtime-options.ts'

describe('workflowEnvironment', () => {
  it('keeps the node credentials out of what ${env:...} can read, whatever the allowlist', () => {
    const env = { SLUICE_PRIVATE_KEY: 'pem', SLUICE_TOKEN: 'tok', REGION: 'eu-west-1', SLUICE_TAG: 'x' }
    expect(workflowEnvironment(env, ['SLUICE_PRIVATE_KEY', 'SLUICE_TOKEN'])).toEqual({
      REGION: 'eu-west-1',
      SLUICE_TAG: 'x',
    })
  })
})
