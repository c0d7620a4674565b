import { randomUUID } from 'node:crypto'

/** A complete HTTP answer the proxy sends instead of forwarding. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/'

function json(status: number, contentType: string, type: string, message: string, extra = {}): Answer {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...extra },
    body: JSON.stringify({ __type: type, message }),
  }
}

/** The SQS JSON protocol's error: the `__type`, and the query code the SDK reads for compatibility. */
function sqsError(status: number, code: string, fault: 'Sender' | 'Receiver', message: string): Answer {
  return json(status, 'application/x-amz-json-1.0', `com.amazonaws.sqs#${code}`, message, {
    'x-amzn-query-error': `${code};${fault}`,
  })
}

/** The query protocol's `ErrorResponse` (SNS, STS). */
function queryError(status: number, code: string, fault: 'Sender' | 'Receiver', message: string): Answer {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    body: `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>${fault}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  }
}

function s3Error(status: number, code: string, message: string): Answer {
  const id = randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`,
  }
}

/** The service's own throttling answer, as the SDK version in use parses it. */
export function throttlingAnswer(service: string): Answer {
  switch (service) {
    case 'sqs':
      return sqsError(400, 'RequestThrottled', 'Sender', 'Request is throttled.')
    case 'kinesis':
      return json(
        400,
        'application/x-amz-json-1.1',
        'ProvisionedThroughputExceededException',
        'Rate exceeded for stream under account 000000000000.',
      )
    case 'events':
      return json(400, 'application/x-amz-json-1.1', 'ThrottlingException', 'Rate exceeded')
    case 's3':
      return s3Error(503, 'SlowDown', 'Please reduce your request rate.')
    case 'sns':
      return queryError(429, 'Throttled', 'Sender', 'Rate exceeded')
    default:
      return queryError(400, 'Throttling', 'Sender', 'Rate exceeded')
  }
}

/** HTTP 500 in the service's error shape. */
export function serverErrorAnswer(service: string): Answer {
  const message = 'We encountered an internal error. Please try again.'
  switch (service) {
    case 'sqs':
      return sqsError(500, 'InternalError', 'Receiver', message)
    case 'kinesis':
      return json(500, 'application/x-amz-json-1.1', 'InternalFailure', message)
    case 'events':
      return json(500, 'application/x-amz-json-1.1', 'InternalException', message)
    case 's3':
      return s3Error(500, 'InternalError', message)
    default:
      return queryError(500, 'InternalError', 'Receiver', message)
  }
}
