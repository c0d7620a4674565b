import type { SpecOf, sinkS3 } from '@sluice/assets'
import { InvalidMessageError } from '../shared/failures.ts'

/** The `format` of an S3 sink spec. */
export type S3Format = SpecOf<typeof sinkS3>['format']
/** The formats that stream many records into one object. */
export type StreamingFormat = Exclude<S3Format, { type: 'whole' }>

/** A message made ready for one format before it goes into an object. */
export type PreparedRecord =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'row'; readonly fields: Readonly<Record<string, unknown>> }

/**
 * Checks and converts a body for a streaming format, before any object is touched, so a message
 * that cannot be written fails alone: `lines` takes text as it is and other values as JSON;
 * `ndjson` writes JSON values (a string holding JSON text is written as that value, other strings
 * as JSON strings); `csv` takes an object, or a string holding a JSON object.
 */
export function prepareRecord(format: StreamingFormat, body: unknown): PreparedRecord {
  switch (format.type) {
    case 'lines':
      return { kind: 'text', text: typeof body === 'string' ? body : (asText(body) ?? json(body)) }
    case 'ndjson': {
      const text = asText(body)
      return { kind: 'text', text: text === undefined ? json(body) : json(parsedOr(text, text)) }
    }
    case 'csv': {
      const text = asText(body)
      const value = text === undefined ? body : parsedOr(text, undefined)
      if (isRecord(value)) return { kind: 'row', fields: value }
      throw new InvalidMessageError(
        'sink.csv-record-invalid',
        'a CSV record needs a body that is a JSON object',
      )
    }
  }
}

/**
 * Writes the records of one object in its format. The CSV header comes from the columns of the
 * spec, or from the fields of the object's first record.
 */
export class RecordWriter {
  private readonly format: StreamingFormat
  private columns: readonly string[] | undefined
  private started = false

  constructor(format: StreamingFormat) {
    this.format = format
    this.columns = format.type === 'csv' ? format.columns : undefined
  }

  /** The bytes of one record; the first record of a CSV object brings the header row. */
  bytes(record: PreparedRecord): Buffer {
    const format = this.format
    const end = format.type === 'ndjson' || format.lineEnding === 'lf' ? '\n' : '\r\n'
    const first = !this.started
    this.started = true
    if (record.kind === 'text') return Buffer.from(record.text + end)
    if (format.type !== 'csv') return Buffer.from(json(record.fields) + end)
    const columns = this.columns ?? Object.keys(record.fields)
    this.columns = columns
    const row = (cells: readonly string[]) =>
      cells.map((cell) => quoted(cell, format.delimiter, format.quote)).join(format.delimiter) + end
    const values = row(columns.map((column) => cellText(readPath(record.fields, column))))
    return Buffer.from(first && format.hasHeader ? row(columns) + values : values)
  }
}

function quoted(cell: string, delimiter: string, quote: string): string {
  if (!cell.includes(delimiter) && !cell.includes(quote) && !/[\r\n]/.test(cell)) return cell
  return quote + cell.replaceAll(quote, quote + quote) + quote
}

function asText(body: unknown): string | undefined {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString()
  return undefined
}

function json(value: unknown): string {
  const text = JSON.stringify(value)
  if (text === undefined)
    throw new InvalidMessageError('sink.body-invalid', 'the message has no body to write')
  return text
}

function parsedOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return fallback
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readPath(fields: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(fields, path)) return fields[path]
  let current: unknown = fields
  for (const segment of path.split('.')) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined
    current = current[segment]
  }
  return current
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return JSON.stringify(value)
}
