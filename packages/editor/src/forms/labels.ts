const ACRONYMS: Readonly<Record<string, string>> = {
  arn: 'ARN',
  aws: 'AWS',
  csv: 'CSV',
  dlq: 'DLQ',
  fifo: 'FIFO',
  id: 'ID',
  ids: 'IDs',
  json: 'JSON',
  kms: 'KMS',
  ms: '(ms)',
  ndjson: 'NDJSON',
  pem: 'PEM',
  s3: 'S3',
  sns: 'SNS',
  sqs: 'SQS',
  sts: 'STS',
  url: 'URL',
  utf: 'UTF',
}

/** The singular of a plural label, for "Add …" buttons: `Event buses` → `event bus`, `Routes` → `route`. */
export function singularOf(label: string): string {
  const lower = label.toLowerCase()
  if (/(us|ss|x|sh|ch)es$/.test(lower)) return lower.slice(0, -2)
  return lower.endsWith('s') ? lower.slice(0, -1) : lower
}

/** A property name in sentence case for a label: `topicArn` → `Topic ARN`, `timeoutMs` → `Timeout (ms)`. */
export function labelOf(key: string): string {
  if (key === '') return ''
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase())
  const [first = '', ...rest] = words
  const head = first === first.toLowerCase() ? first.charAt(0).toUpperCase() + first.slice(1) : first
  return [head, ...rest].join(' ')
}
