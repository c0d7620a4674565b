import { completedBy, exceedsBytes, recordTooLarge, type TextEncoding } from './text.ts'

/** How a CSV object is tokenized. */
export interface CsvSyntax {
  readonly delimiter: string
  readonly quote: string
  readonly maxRecordBytes: number
  readonly encoding: TextEncoding
}

/** One row, numbered from 1 (the header is row 1 when there is one); blank lines are skipped. */
export interface CsvRow {
  readonly fields: string[]
  readonly number: number
  /** The object ended inside a quoted field. */
  readonly unterminated: boolean
}

type State = 'start' | 'unquoted' | 'quoted' | 'closing'

/**
 * A streaming RFC 4180 tokenizer: fields separated by the delimiter, rows by `\n`, `\r\n` or `\r`,
 * quoted fields holding delimiters, line breaks and doubled quotes. A quote inside an unquoted
 * field is kept as text. It holds one row at most, and throws `source.record-too-large` for a
 * row over `maxRecordBytes`.
 */
export class CsvTokenizer {
  private readonly syntax: CsvSyntax
  private fields: string[] = []
  private field = ''
  private state: State = 'start'
  private afterCr = false
  private rowLength = 0
  private rows = 0

  constructor(syntax: CsvSyntax) {
    this.syntax = syntax
  }

  /**
   * Adds the rows completed by `chunk` to `out` (which it returns); when it throws, `out` holds
   * the rows completed before the failure.
   */
  push(chunk: string, out: CsvRow[] = []): CsvRow[] {
    const { delimiter, quote } = this.syntax
    let i = 0
    while (i < chunk.length) {
      if (this.state === 'quoted') {
        const close = chunk.indexOf(quote, i)
        const end = close < 0 ? chunk.length : close
        this.append(chunk.slice(i, end))
        i = end
        if (close >= 0) {
          this.state = 'closing'
          i += 1
        }
        continue
      }
      const c = chunk[i]
      if (this.state === 'closing') {
        if (c === quote) {
          this.append(quote)
          this.state = 'quoted'
          i += 1
          continue
        }
        this.state = 'unquoted'
      }
      if (c === '\n' || c === '\r') {
        const lineFeedAfterCr = c === '\n' && this.afterCr
        this.afterCr = c === '\r'
        if (!lineFeedAfterCr) this.endRow(out, false)
        i += 1
        continue
      }
      this.afterCr = false
      if (c === delimiter) {
        this.endField()
        i += 1
      } else if (c === quote && this.state === 'start') {
        this.state = 'quoted'
        i += 1
      } else {
        let end = i + 1
        while (end < chunk.length && !isBreak(chunk[end], delimiter)) end += 1
        this.append(chunk.slice(i, end))
        this.state = 'unquoted'
        i = end
      }
    }
    return out
  }

  /** The last row, when the object does not end with a line break. */
  end(): CsvRow[] {
    const out: CsvRow[] = []
    if (this.state === 'quoted') this.endRow(out, true)
    else if (this.fields.length > 0 || this.field !== '' || this.state !== 'start') this.endRow(out, false)
    return out
  }

  private append(text: string): void {
    this.field += text
    this.rowLength += text.length
    if (this.rowLength > this.syntax.maxRecordBytes)
      throw recordTooLarge(`row ${this.rows + 1}`, this.syntax.maxRecordBytes)
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ''
    this.state = 'start'
  }

  private endRow(out: CsvRow[], unterminated: boolean): void {
    const blank = this.fields.length === 0 && this.field === '' && this.state === 'start'
    if (!blank) {
      this.endField()
      this.rows += 1
      const { maxRecordBytes, encoding, delimiter } = this.syntax
      if (
        this.rowLength * 3 > maxRecordBytes &&
        exceedsBytes(this.fields.join(delimiter), maxRecordBytes, encoding)
      )
        throw recordTooLarge(`row ${this.rows}`, maxRecordBytes)
      out.push({ fields: this.fields, number: this.rows, unterminated })
    }
    this.fields = []
    this.field = ''
    this.state = 'start'
    this.rowLength = 0
  }
}

function isBreak(c: string | undefined, delimiter: string): boolean {
  return c === delimiter || c === '\n' || c === '\r'
}

/** The rows of a CSV text stream, yielded together as each chunk of text completes them (those before a failure included). */
export async function* csvRows(text: AsyncIterable<string>, syntax: CsvSyntax): AsyncGenerator<CsvRow[]> {
  const tokenizer = new CsvTokenizer(syntax)
  for await (const chunk of text) {
    const rows: CsvRow[] = []
    yield* completedBy(rows, () => tokenizer.push(chunk, rows))
  }
  const last = tokenizer.end()
  if (last.length > 0) yield last
}
