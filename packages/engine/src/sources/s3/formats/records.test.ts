import { gzipSync } from 'node:zlib'
import { sourceS3 } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { resolvedSpec } from '../../testing/specs.ts'
import { decompressed } from './decompress.ts'
import { type RecordFormat, type RecordItem, records } from './records.ts'

function formatOf(format: object): RecordFormat {
  return resolvedSpec(sourceS3, { connection: 'c', bucket: 'bucket', format }).format
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function collect(content: string | Uint8Array, format: object, chunkSize = 3): Promise<RecordItem[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  const items: RecordItem[] = []
  for await (const batch of records(chunked(bytes, chunkSize), formatOf(format))) {
    expect(batch.length).toBeGreaterThan(0)
    items.push(...batch)
  }
  return items
}

async function failure(content: string, format: object): Promise<unknown> {
  try {
    await collect(content, format)
  } catch (error) {
    return error
  }
  return undefined
}

const values = (items: RecordItem[]) => items.map((i) => (i.kind === 'value' ? i.value : `!${i.error.code}`))

describe('records', () => {
  it('splits lines across chunk boundaries, CRLF and multi-byte characters included', async () => {
    const items = await collect('héllo\r\nwörld\n\n  \nlast', { type: 'lines' }, 1)
    expect(values(items)).toEqual(['héllo', 'wörld', 'last'])
    expect(items.map((i) => i.position)).toEqual([{ line: 1 }, { line: 2 }, { line: 5 }])
    expect(values(await collect('a\n\nb\n', { type: 'lines', skipEmptyLines: false }))).toEqual([
      'a',
      '',
      'b',
    ])
  })

  it('reads latin1 and utf-16le text', async () => {
    expect(
      values(await collect(Buffer.from('café\nnaïve', 'latin1'), { type: 'lines', encoding: 'latin1' })),
    ).toEqual(['café', 'naïve'])
    const utf16 = Buffer.from('\ufeffone\ntwo', 'utf16le')
    expect(values(await collect(utf16, { type: 'lines', encoding: 'utf-16le' }, 1))).toEqual(['one', 'two'])
  })

  it('parses NDJSON, turning a line that is not JSON into an invalid record and continuing', async () => {
    const items = await collect('{"a":1}\n{oops\n\n[2]\n', { type: 'ndjson' })
    expect(values(items)).toEqual([{ a: 1 }, '!source.invalid-json', [2]])
    const bad = items[1]
    expect(bad?.kind === 'invalid' && bad.raw).toBe('{oops')
    expect(bad?.position).toEqual({ line: 2 })
  })

  it('yields the records one chunk completes as one batch', async () => {
    const format = formatOf({ type: 'ndjson' })
    const batches: number[] = []
    for await (const batch of records(chunked(Buffer.from('{"a":1}\n{"a":2}\n{"a":3}\n'), 22), format))
      batches.push(batch.length)
    expect(batches).toEqual([2, 1])
  })

  it('yields the records before a record over maxRecordBytes in the same chunk, then fails', async () => {
    const long = 'x'.repeat(50)
    const cases = [
      { content: `a\nb\n${long}\n`, format: { type: 'lines', maxRecordBytes: 20 }, before: ['a', 'b'] },
      { content: `[1,2,"${long}"]`, format: { type: 'jsonArray', maxRecordBytes: 20 }, before: [1, 2] },
      {
        content: `h\nr1\nr2\n${long}\n`,
        format: { type: 'csv', maxRecordBytes: 20 },
        before: [{ h: 'r1' }, { h: 'r2' }],
      },
    ]
    for (const { content, format, before } of cases) {
      const items: RecordItem[] = []
      let error: unknown
      try {
        for await (const batch of records(chunked(Buffer.from(content), 1_000), formatOf(format)))
          items.push(...batch)
      } catch (caught) {
        error = caught
      }
      expect(values(items)).toEqual(before)
      expect(error).toMatchObject({ code: 'source.record-too-large' })
    }
  })

  it('fails the object on a line over maxRecordBytes', async () => {
    expect(await failure(`short\n${'x'.repeat(50)}\n`, { type: 'ndjson', maxRecordBytes: 20 })).toMatchObject(
      {
        code: 'source.record-too-large',
        permanent: true,
      },
    )
    expect(await failure('x'.repeat(50), { type: 'lines', maxRecordBytes: 20 })).toMatchObject({
      code: 'source.record-too-large',
    })
  })

  it('reads CSV with a header: quoted delimiters, doubled quotes and line breaks in quotes', async () => {
    const csv = 'id,name,note\r\n1,"Smith, J","said ""hi"""\r\n2,Lee,"two\nlines"\n\n3,,x'
    expect(values(await collect(csv, { type: 'csv' }, 2))).toEqual([
      { id: '1', name: 'Smith, J', note: 'said "hi"' },
      { id: '2', name: 'Lee', note: 'two\nlines' },
      { id: '3', name: '', note: 'x' },
    ])
  })

  it('fails a ragged CSV row on its own and an unterminated quote at the end', async () => {
    const items = await collect('a;b\n1;2\n1;2;3\n4;5\n6;"open', { type: 'csv', delimiter: ';' })
    expect(values(items)).toEqual([
      { a: '1', b: '2' },
      '!source.csv-ragged',
      { a: '4', b: '5' },
      '!source.csv-unterminated',
    ])
    expect(items[1]?.position).toEqual({ row: 3 })
  })

  it('names CSV columns from `columns`, with or without a header, or gives lists', async () => {
    expect(values(await collect('h1,h2\n1,2\n', { type: 'csv', columns: ['x', 'y'] }))).toEqual([
      { x: '1', y: '2' },
    ])
    expect(values(await collect('1,2\n', { type: 'csv', hasHeader: false, columns: ['x', 'y'] }))).toEqual([
      { x: '1', y: '2' },
    ])
    expect(
      values(await collect("1|'a|b'\n", { type: 'csv', hasHeader: false, delimiter: '|', quote: "'" })),
    ).toEqual([['1', 'a|b']])
  })

  it('streams the elements of a JSON array, nesting and brackets in strings included', async () => {
    const json = ' [ {"a":[1,{"b":"]}"}]}, "x\\"]", 3.5 , null, [[]], {bad} ,true ] \n'
    expect(values(await collect(json, { type: 'jsonArray' }, 4))).toEqual([
      { a: [1, { b: ']}' }] },
      'x"]',
      3.5,
      null,
      [[]],
      '!source.invalid-json',
      true,
    ])
    expect(values(await collect('[]', { type: 'jsonArray' }))).toEqual([])
  })

  it('fails an object that is not a JSON array, or ends early', async () => {
    expect(await failure('{"a":1}', { type: 'jsonArray' })).toMatchObject({
      code: 'source.invalid-json-array',
    })
    expect(await failure('[1, 2', { type: 'jsonArray' })).toMatchObject({ code: 'source.invalid-json-array' })
    expect(await failure('[1] x', { type: 'jsonArray' })).toMatchObject({ code: 'source.invalid-json-array' })
  })

  it('reads whole objects as text, JSON or bytes, up to maxBytes', async () => {
    expect(values(await collect('{"k":1}', { type: 'whole', decode: 'json' }))).toEqual([{ k: 1 }])
    expect(values(await collect('plain', { type: 'whole' }))).toEqual(['plain'])
    expect(values(await collect('{', { type: 'whole', decode: 'json' }))).toEqual(['!source.invalid-json'])
    const [bytes] = values(await collect(new Uint8Array([0, 255]), { type: 'whole', decode: 'bytes' }))
    expect(bytes).toEqual(Buffer.from([0, 255]))
    expect(await failure('0123456789', { type: 'whole', maxBytes: 5 })).toMatchObject({
      code: 'source.object-too-large',
    })
  })
})

describe('decompressed', () => {
  async function text(bytes: Uint8Array, compression: 'auto' | 'gzip' | 'none', key = 'k'): Promise<string> {
    const out: Uint8Array[] = []
    for await (const chunk of decompressed(chunked(bytes, 1), compression, {
      key,
      contentEncoding: undefined,
    }))
      out.push(chunk)
    return Buffer.concat(out).toString()
  }

  it('detects gzip by its magic bytes, even split across chunks, and reads concatenated members', async () => {
    const gz = Buffer.concat([gzipSync('hello '), gzipSync('world')])
    expect(await text(gz, 'auto')).toBe('hello world')
    expect(await text(Buffer.from('plain'), 'auto')).toBe('plain')
    expect(await text(gz, 'none')).toBe(gz.toString())
  })

  it('fails with source.gzip-invalid for a .gz key or gzip setting whose content is not gzip', async () => {
    await expect(text(Buffer.from('not gzip at all'), 'auto', 'file.ndjson.gz')).rejects.toMatchObject({
      code: 'source.gzip-invalid',
    })
    const gz = gzipSync('x'.repeat(1000))
    await expect(text(gz.subarray(0, gz.length - 6), 'gzip')).rejects.toMatchObject({
      code: 'source.gzip-invalid',
    })
  })
})
