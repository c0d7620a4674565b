import {
  type CompiledTemplate,
  compileTemplate,
  type MessageContext,
  type Part,
  parseTemplate,
} from '@sluice/assets'
import { ConfigError } from '../../runtime/errors.ts'
import { utf8Length } from '../shared/body.ts'
import { InvalidMessageError } from '../shared/failures.ts'

const MAX_KEY_BYTES = 1024

/**
 * The key template of the S3 sink. The key of an object is rendered from its first message when
 * the object opens. Which open object a message joins is decided by the same template with its
 * `${date:...}` parts left out: messages whose `${msg:...}` parts render alike share an object,
 * whatever the time, and the date parts come from the moment the object opened.
 */
export class ObjectKeyTemplate {
  private readonly key: CompiledTemplate
  private readonly route: CompiledTemplate

  constructor(text: string) {
    try {
      const template = parseTemplate(text)
      this.key = compileTemplate(template)
      this.route = compileTemplate(template.map(withoutDates))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConfigError('sink.template-invalid', '/spec/keyTemplate', `/keyTemplate: ${reason}`)
    }
  }

  /** The open object a message belongs to. */
  partition(message: MessageContext): string {
    return this.route(message)
  }

  /** The key of an object opened by `message`: 1 to 1024 bytes, or `sink.key-invalid`. */
  render(message: MessageContext): string {
    const key = this.key(message)
    const bytes = utf8Length(key)
    if (bytes >= 1 && bytes <= MAX_KEY_BYTES) return key
    throw new InvalidMessageError(
      'sink.key-invalid',
      `an object key must be 1 to ${MAX_KEY_BYTES} bytes; the key template rendered ${bytes} bytes`,
    )
  }
}

function withoutDates(part: Part): Part {
  if (typeof part === 'string') return part
  if (part.prefix === 'date') return '\u0000'
  const name = part.name.map(withoutDates)
  return part.fallback === undefined
    ? { ...part, name }
    : { ...part, name, fallback: part.fallback.map(withoutDates) }
}

/** How many partitions {@link DistinctKeys} remembers the last key of. */
const REMEMBERED_PARTITIONS = 10_000

/**
 * Keeps the objects one partition opens one after another from sharing a key: a key template
 * whose dates are coarser than the rollover (`${date:HHmm}` with objects rolled by count, or two
 * objects rolled in one millisecond) would otherwise render the same key twice, and the second
 * object would overwrite the first (or, with `onExists: fail`, be refused). A repeated key gets
 * `-1`, `-2`… before the extension of its last path segment (`out/1205.ndjson.gz` becomes
 * `out/1205-1.ndjson.gz`).
 */
export class DistinctKeys {
  private readonly last = new Map<string, { key: string; repeats: number }>()

  next(partition: string, key: string): string {
    const previous = this.last.get(partition)
    const repeats = previous?.key === key ? previous.repeats + 1 : 0
    this.last.delete(partition)
    this.last.set(partition, { key, repeats })
    if (this.last.size > REMEMBERED_PARTITIONS) {
      const oldest = this.last.keys().next().value
      if (oldest !== undefined) this.last.delete(oldest)
    }
    return repeats === 0 ? key : withSuffix(key, `-${repeats}`)
  }
}

function withSuffix(key: string, suffix: string): string {
  const segment = key.lastIndexOf('/') + 1
  const dot = key.indexOf('.', segment + 1)
  return dot < 0 ? `${key}${suffix}` : `${key.slice(0, dot)}${suffix}${key.slice(dot)}`
}
