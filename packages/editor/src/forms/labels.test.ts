import { describe, expect, it } from 'vitest'
import { labelOf, singularOf } from './labels.ts'

describe('labels', () => {
  it('puts property names in sentence case with known acronyms', () => {
    expect(labelOf('topicArn')).toBe('Topic ARN')
    expect(labelOf('s3ForcePathStyle')).toBe('S3 force path style')
    expect(labelOf('maxInFlight')).toBe('Max in flight')
    expect(labelOf('timeoutMs')).toBe('Timeout (ms)')
  })

  it('makes list labels singular for their add buttons', () => {
    expect(singularOf('Event buses')).toBe('event bus')
    expect(singularOf('Resources')).toBe('resource')
    expect(singularOf('Message attributes')).toBe('message attribute')
    expect(singularOf('Columns')).toBe('column')
  })
})
