import type { SpecOf, sourceS3 } from '@sluice/assets'
import { type DeliveryError, permanentError } from '../../../runtime/errors.ts'
import { type CsvRow, csvRows } from './csv.ts'
import { jsonArrayElements } from './json-array.ts'
import { decodeText, splitLines } from './text.ts'

/** The `format` of a `source.s3` spec. */
export type RecordFormat = SpecOf<typeof sourceS3>['format']

/**
 * One record of an object: a decoded value, or text that could not be decoded (it still becomes
 * an envelope, carrying the permanent error). `position` says where it was: `line`, `row` or
 * `index`, numbered as a person reading the object would.
 */
export type RecordItem =
  | { readonly kind: 'value'; readonly value: unknown; readonly position: Record<string, number> }
  | {
      readonly kind: 'invalid'
      readonly raw: string
      readonly error: DeliveryError
      readonly position: Record<string, number>
    }

function invalidJson(where: string, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error)
  return permanentError('source.invalid-json', `${where} is not JSON (${reason})`)
}

function parsed(text: string, where: string, position: Record<string, number>): RecordItem {
  try {
    return { kind: 'value', value: JSON.parse(text), position }
  } catch (error) {
    return { kind: 'invalid', raw: text, error: invalidJson(where, error), position }
  }
}

/**
 * Splits an object's (decompressed) bytes into records, in constant memory, yielding together the
 * records each chunk of the object completes (never an empty batch). It pulls bytes only as
 * records are asked for, so a consumer that stops asking pauses the download. Throws a permanent
 * {@link DeliveryError} when the object as a whole cannot be read in this format (a record over
 * `maxRecordBytes`, not a JSON array, over `maxBytes` for `whole`).
 */
export async function* records(
  bytes: AsyncIterable<Uint8Array>,
  format: RecordFormat,
): AsyncGenerator<RecordItem[]> {
  switch (format.type) {
    case 'lines':
      for await (const lines of splitLines(
        decodeText(bytes, format.encoding),
        format.maxRecordBytes,
        format.encoding,
      )) {
        const kept = format.skipEmptyLines ? lines.filter((line) => line.text.trim() !== '') : lines
        if (kept.length > 0)
          yield kept.map((line) => ({ kind: 'value', value: line.text, position: { line: line.number } }))
      }
      return
    case 'ndjson':
      for await (const lines of splitLines(decodeText(bytes, 'utf-8'), format.maxRecordBytes, 'utf-8')) {
        const batch: RecordItem[] = []
        for (const line of lines)
          if (line.text.trim() !== '')
            batch.push(parsed(line.text, `line ${line.number}`, { line: line.number }))
        if (batch.length > 0) yield batch
      }
      return
    case 'csv':
      yield* csvRecords(bytes, format)
      return
    case 'jsonArray':
      for await (const elements of jsonArrayElements(
        decodeText(bytes, 'utf-8'),
        format.maxRecordBytes,
        'utf-8',
      ))
        yield elements.map((element) =>
          parsed(element.text, `element ${element.index}`, { index: element.index }),
        )
      return
    case 'whole':
      yield [await wholeObject(bytes, format)]
      return
  }
}

type CsvFormat = Extract<RecordFormat, { type: 'csv' }>

async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  format: CsvFormat,
): AsyncGenerator<RecordItem[]> {
  let names = format.columns
  let headerPending = format.hasHeader
  const text = decodeText(bytes, format.encoding)
  for await (const rows of csvRows(text, format)) {
    const batch: RecordItem[] = []
    for (const row of rows) {
      if (headerPending) {
        headerPending = false
        names ??= row.fields
      } else batch.push(csvRecord(row, names, format.delimiter))
    }
    if (batch.length > 0) yield batch
  }
}

function csvRecord(row: CsvRow, names: readonly string[] | undefined, delimiter: string): RecordItem {
  const position = { row: row.number }
  if (row.unterminated)
    return {
      kind: 'invalid',
      raw: row.fields.join(delimiter),
      error: permanentError('source.csv-unterminated', `row ${row.number} ends inside a quoted field`),
      position,
    }
  if (names === undefined) return { kind: 'value', value: row.fields, position }
  if (row.fields.length !== names.length)
    return {
      kind: 'invalid',
      raw: row.fields.join(delimiter),
      error: permanentError(
        'source.csv-ragged',
        `row ${row.number} has ${row.fields.length} fields where the header has ${names.length}`,
      ),
      position,
    }
  const record: Record<string, string> = {}
  names.forEach((name, i) => {
    record[name] = row.fields[i] ?? ''
  })
  return { kind: 'value', value: record, position }
}

type WholeFormat = Extract<RecordFormat, { type: 'whole' }>

async function wholeObject(bytes: AsyncIterable<Uint8Array>, format: WholeFormat): Promise<RecordItem> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of bytes) {
    size += chunk.byteLength
    if (size > format.maxBytes)
      throw permanentError(
        'source.object-too-large',
        `the object is over maxBytes (${format.maxBytes} bytes) of the whole format; raise it or use a streaming format`,
      )
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  }
  const content = Buffer.concat(chunks)
  const position = { index: 0 }
  if (format.decode === 'bytes') return { kind: 'value', value: content, position }
  const text = content.toString('utf8')
  if (format.decode === 'text') return { kind: 'value', value: text, position }
  return parsed(text, 'the object', position)
}
