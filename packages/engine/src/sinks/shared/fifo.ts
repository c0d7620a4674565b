import { createHash, randomUUID } from 'node:crypto'
import type { CompiledTemplate, MessageContext } from '@sluice/assets'
import { InvalidMessageError } from './failures.ts'
import { compileField, compileOptionalField } from './templates.ts'

/** The FIFO fields of the SNS and SQS sink specs. */
export interface FifoSpec {
  readonly messageGroupId?: string
  readonly deduplication:
    | { readonly strategy: 'none' }
    | { readonly strategy: 'unique' }
    | { readonly strategy: 'contentHash' }
    | { readonly strategy: 'template'; readonly template: string }
}

/** The FIFO ids of one message. */
export interface FifoIds {
  MessageGroupId?: string
  MessageDeduplicationId?: string
}

const MAX_ID_LENGTH = 128

/**
 * Message group and deduplication ids, compiled once and made per message when the message is
 * prepared, so retries of a message carry the same ids. Deduplication: `none` leaves it to the
 * target's content-based deduplication, `unique` is a random UUID, `contentHash` the SHA-256 of
 * the body (hex), `template` a rendered template. An id that renders empty or longer than 128
 * characters fails the message permanently with `sink.fifo-id-invalid`.
 */
export class FifoIdMaker {
  private readonly group: CompiledTemplate | undefined
  private readonly dedup: ((message: MessageContext, body: string) => string) | undefined

  constructor(spec: FifoSpec) {
    this.group = compileOptionalField(spec.messageGroupId, '/messageGroupId')
    const strategy = spec.deduplication
    switch (strategy.strategy) {
      case 'none':
        this.dedup = undefined
        break
      case 'unique':
        this.dedup = () => randomUUID()
        break
      case 'contentHash':
        this.dedup = (_message, body) => createHash('sha256').update(body).digest('hex')
        break
      case 'template': {
        const template = compileField(strategy.template, '/deduplication/template')
        this.dedup = (message) => template(message)
        break
      }
    }
  }

  /** The ids of a message whose body is sent as `body`. */
  make(message: MessageContext, body: string): FifoIds {
    const ids: FifoIds = {}
    if (this.group) ids.MessageGroupId = checked('message group id', this.group(message))
    if (this.dedup) ids.MessageDeduplicationId = checked('deduplication id', this.dedup(message, body))
    return ids
  }
}

function checked(what: string, id: string): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH)
    throw new InvalidMessageError(
      'sink.fifo-id-invalid',
      `the ${what} must be 1 to ${MAX_ID_LENGTH} characters; it rendered as ${id.length} characters`,
    )
  return id
}
