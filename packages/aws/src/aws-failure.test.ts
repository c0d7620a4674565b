import { describe, expect, it } from 'vitest'
import { describeAwsFailure, toAwsCallError } from './aws-failure.ts'
import { AwsCallError, AwsConfigError } from './errors.ts'

const sdkError = (name: string, status?: number, message = name) =>
  Object.assign(new Error(message), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  })

const call = { what: 'GetQueueAttributes on orders', action: 'sqs:GetQueueAttributes' }

describe('describeAwsFailure', () => {
  it.each([
    ['AccessDenied', 403, 'aws.access-denied'],
    ['AccessDeniedException', 400, 'aws.access-denied'],
    ['AuthorizationError', 403, 'aws.access-denied'],
    ['Forbidden', 403, 'aws.access-denied'],
    ['Unknown', 403, 'aws.access-denied'],
    ['InvalidClientTokenId', 403, 'aws.invalid-credentials'],
    ['SignatureDoesNotMatch', 403, 'aws.invalid-credentials'],
    ['ExpiredToken', 403, 'aws.invalid-credentials'],
    ['QueueDoesNotExist', 400, 'aws.not-found'],
    ['NoSuchBucket', 404, 'aws.not-found'],
    ['NotFound', 404, 'aws.not-found'],
    ['ResourceNotFoundException', 400, 'aws.not-found'],
    ['ThrottlingException', 400, 'aws.throttled'],
    ['PermanentRedirect', 301, 'aws.wrong-region'],
    ['ValidationException', 400, 'aws.invalid-request'],
    ['InternalError', 500, 'aws.service-error'],
    ['TimeoutError', undefined, 'aws.timeout'],
    ['CredentialsProviderError', undefined, 'aws.no-credentials'],
    ['Odd', 400, 'aws.error'],
  ])('maps %s (%s) to %s, naming the action', (name, status, code) => {
    const failure = describeAwsFailure(sdkError(name, status), call)
    expect(failure.code).toBe(code)
    expect(failure.action).toBe('sqs:GetQueueAttributes')
    expect(failure.message.startsWith('GetQueueAttributes on orders')).toBe(true)
  })

  it('tells what to add to the policy when access is denied, and quotes AWS', () => {
    const failure = describeAwsFailure(
      sdkError('AccessDenied', 403, 'User: arn:aws:iam::1:user/x is not authorized'),
      call,
    )
    expect(failure.message).toContain('Allow sqs:GetQueueAttributes')
    expect(failure.message).toContain('AWS said: "User: arn:aws:iam::1:user/x is not authorized"')
  })

  it('recognises network errors, also wrapped as fetch wraps them', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    expect(describeAwsFailure(refused, call).code).toBe('aws.unreachable')
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } })
    expect(describeAwsFailure(wrapped, call)).toMatchObject({ code: 'aws.unreachable' })
    expect(describeAwsFailure(new Error('socket hang up'), call).code).toBe('aws.unreachable')
  })

  it('keeps the code, path and action of our own errors', () => {
    const config = new AwsConfigError('aws.ambient-forbidden', '/spec/auth/mode', 'no')
    expect(describeAwsFailure(config, call)).toEqual({
      code: 'aws.ambient-forbidden',
      message: 'no',
      path: '/spec/auth/mode',
    })
    const sts = new AwsCallError('aws.access-denied', 'refused', {
      action: 'sts:AssumeRole',
      path: '/spec/auth',
    })
    expect(describeAwsFailure(sts, call)).toEqual({
      code: 'aws.access-denied',
      message: 'refused',
      action: 'sts:AssumeRole',
      path: '/spec/auth',
    })
  })
})

describe('toAwsCallError', () => {
  it('wraps SDK errors with the code, action and AWS name, and passes ours through', () => {
    const error = toAwsCallError(sdkError('QueueDoesNotExist', 400), { ...call, path: '/spec/queue' })
    expect(error).toBeInstanceOf(AwsCallError)
    expect(error).toMatchObject({
      code: 'aws.not-found',
      action: 'sqs:GetQueueAttributes',
      path: '/spec/queue',
      awsName: 'QueueDoesNotExist',
    })
    const ours = new AwsConfigError('aws.x', '/p', 'm')
    expect(toAwsCallError(ours, call)).toBe(ours)
  })
})
