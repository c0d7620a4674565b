import { StringDecoder } from 'node:string_decoder'
import { permanentError } from '../../../runtime/errors.ts'

/** The text encodings an object may be read in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'latin1'

const NODE_ENCODING = { 'utf-8': 'utf8', 'utf-16le': 'utf16le', latin1: 'latin1' } as const
const MAX_BYTES_PER_UNIT = { 'utf-8': 3, 'utf-16le': 2, latin1: 1 } as const
const MIN_BYTES_PER_UNIT = { 'utf-8': 1, 'utf-16le': 2, latin1: 1 } as const

/**
 * Decodes a byte stream into text chunks, carrying characters split across chunk boundaries and
 * dropping a leading byte order mark.
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  const decoder = new StringDecoder(NODE_ENCODING[encoding])
  let atStart = true
  for await (const chunk of bytes) {
    let text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    if (atStart && text.length > 0) {
      atStart = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    if (text.length > 0) yield text
  }
  const rest = decoder.end()
  if (rest.length > 0) yield atStart && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest
}

/** True when `text` takes more than `maxBytes` bytes in `encoding` (measured only when it could). */
export function exceedsBytes(text: string, maxBytes: number, encoding: TextEncoding): boolean {
  if (text.length * MIN_BYTES_PER_UNIT[encoding] > maxBytes) return true
  if (text.length * MAX_BYTES_PER_UNIT[encoding] <= maxBytes) return false
  return Buffer.byteLength(text, NODE_ENCODING[encoding]) > maxBytes
}

/** The object-level failure for a record over `maxRecordBytes`: reading it would fill memory. */
export function recordTooLarge(where: string, maxBytes: number) {
  return permanentError(
    'source.record-too-large',
    `${where} is longer than maxRecordBytes (${maxBytes} bytes); raise format.maxRecordBytes or split the record`,
  )
}

/**
 * Runs `scan`, which adds to `batch` what one chunk completes, and yields the batch unless it is
 * empty, also when `scan` throws (then rethrows): records completed before a failure are not lost
 * with it.
 */
export function* completedBy<T>(batch: T[], scan: () => void): Generator<T[], void, undefined> {
  try {
    scan()
  } catch (error) {
    if (batch.length > 0) yield batch
    throw error
  }
  if (batch.length > 0) yield batch
}

/** A line of text with its 1-based number. */
export interface Line {
  readonly text: string
  readonly number: number
}

/**
 * Splits text into lines at `\n`, dropping a `\r` before it, holding at most one partial line;
 * yields the lines each chunk completes, together, so a consumer pays one step per chunk rather
 * than per line. Throws `source.record-too-large` for a line over `maxBytes`, after yielding the
 * lines before it.
 */
export async function* splitLines(
  text: AsyncIterable<string>,
  maxBytes: number,
  encoding: TextEncoding,
): AsyncGenerator<Line[]> {
  let partial = ''
  let number = 0
  const finish = (line: string): Line => {
    number += 1
    const body = line.endsWith('\r') ? line.slice(0, -1) : line
    if (exceedsBytes(body, maxBytes, encoding)) throw recordTooLarge(`line ${number}`, maxBytes)
    return { text: body, number }
  }
  for await (const chunk of text) {
    const lines: Line[] = []
    let start = 0
    yield* completedBy(lines, () => {
      for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
        lines.push(finish(partial + chunk.slice(start, end)))
        partial = ''
        start = end + 1
      }
    })
    partial += chunk.slice(start)
    if (exceedsBytes(partial, maxBytes + 1, encoding)) throw recordTooLarge(`line ${number + 1}`, maxBytes)
  }
  if (partial.length > 0) yield [finish(partial)]
}
