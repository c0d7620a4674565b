import { permanentError } from '../../../runtime/errors.ts'
import { completedBy, exceedsBytes, recordTooLarge, type TextEncoding } from './text.ts'

/** The text of one element of the top-level array, numbered from 0. */
export interface ArrayElement {
  readonly text: string
  readonly index: number
}

type State = 'before' | 'between' | 'element' | 'after'

function notAnArray(why: string) {
  return permanentError('source.invalid-json-array', `the object is not a JSON array: ${why}`)
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])

/**
 * Streams the elements of a top-level JSON array without loading the object: it tracks nesting
 * and strings to find where each element ends, and holds one element at most. Each element's
 * text is parsed by the caller, so one bad element fails only its own record. The elements each
 * chunk of text completes are yielded together, those before a failure included. Throws
 * `source.invalid-json-array` when the object is not an array or ends early, and
 * `source.record-too-large` for an element over `maxRecordBytes`.
 */
export async function* jsonArrayElements(
  text: AsyncIterable<string>,
  maxBytes: number,
  encoding: TextEncoding,
): AsyncGenerator<ArrayElement[]> {
  const scan: { state: State } = { state: 'before' }
  let partial = ''
  let depth = 0
  let inString = false
  let escaped = false
  let index = 0
  const element = (tail: string): ArrayElement => {
    const whole = (partial + tail).trim()
    partial = ''
    if (exceedsBytes(whole, maxBytes, encoding)) throw recordTooLarge(`element ${index}`, maxBytes)
    return { text: whole, index: index++ }
  }
  for await (const chunk of text) {
    const elements: ArrayElement[] = []
    let start = 0
    yield* completedBy(elements, () => {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i] ?? ''
        if (scan.state === 'element') {
          if (inString) {
            if (escaped) escaped = false
            else if (c === '\\') escaped = true
            else if (c === '"') inString = false
          } else if (c === '"') inString = true
          else if (c === '{' || c === '[') depth += 1
          else if ((c === '}' || c === ']') && depth > 0) depth -= 1
          else if (depth === 0 && (c === ',' || c === ']')) {
            elements.push(element(chunk.slice(start, i)))
            scan.state = c === ']' ? 'after' : 'between'
          }
        } else if (WHITESPACE.has(c)) continue
        else if (scan.state === 'before') {
          if (c !== '[') throw notAnArray(`it starts with "${c}" instead of "["`)
          scan.state = 'between'
        } else if (scan.state === 'between') {
          if (c === ']') scan.state = 'after'
          else if (c !== ',') {
            scan.state = 'element'
            start = i
            depth = c === '{' || c === '[' ? 1 : 0
            inString = c === '"'
            escaped = false
          }
        } else throw notAnArray(`"${c}" follows the closing "]"`)
      }
    })
    if (scan.state === 'element') {
      partial += chunk.slice(start)
      if (exceedsBytes(partial, maxBytes + 1, encoding)) throw recordTooLarge(`element ${index}`, maxBytes)
    }
  }
  if (scan.state !== 'after')
    throw notAnArray(scan.state === 'before' ? 'it is empty' : 'it ends before the closing "]"')
}
