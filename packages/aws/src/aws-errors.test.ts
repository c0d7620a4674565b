import { describe, expect, it } from 'vitest'
import { classifyAwsError, classifyEntryError } from './aws-errors.ts'

const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(name), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  })

describe('classifyAwsError', () => {
  it.each([
    ['ThrottlingException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['SlowDown', 503],
    ['InternalError', 500],
    ['Whatever', 502],
    ['TooMany', 429],
  ])('retries %s (%i)', (name, status) => expect(classifyAwsError(sdkError(name, status))).toBe('retryable'))

  it.each([
    ['AccessDenied', 403],
    ['ValidationException', 400],
    ['NoSuchBucket', 404],
    ['EntityTooLarge', 400],
  ])('does not retry %s (%i)', (name, status) =>
    expect(classifyAwsError(sdkError(name, status))).toBe('permanent'),
  )

  it('retries network failures', () => {
    expect(classifyAwsError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(
      'retryable',
    )
    expect(classifyAwsError(new Error('socket hang up'))).toBe('retryable')
  })
})

describe('classifyEntryError', () => {
  it('retries throttled and internal entries, not invalid ones', () => {
    expect(classifyEntryError('ProvisionedThroughputExceededException')).toBe('retryable')
    expect(classifyEntryError('InternalFailure')).toBe('retryable')
    expect(classifyEntryError('InvalidParameterValue', true)).toBe('permanent')
    expect(classifyEntryError('Unknown', false)).toBe('retryable')
  })
})
