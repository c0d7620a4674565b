import type { EntryOutcome } from '../batching/types.ts'

/** A failed entry as SQS and SNS report it. */
export interface IdFailure {
  readonly Id?: string | undefined
  readonly Code?: string | undefined
  readonly Message?: string | undefined
  readonly SenderFault?: boolean | undefined
}

const MISSING = 'the answer did not mention this entry'
const ACCEPTED: EntryOutcome = { ok: true }

/** The entries of a call get the ids `0`, `1`, …: their position. */
export function entryId(index: number): string {
  return String(index)
}

/**
 * Turns an SQS or SNS batch answer (`Successful` and `Failed` lists keyed by entry id) into one
 * outcome per entry; an entry the answer does not mention gets an outcome with no code (retryable).
 */
export function outcomesById(
  count: number,
  successful: readonly { readonly Id?: string | undefined }[] | undefined,
  failed: readonly IdFailure[] | undefined,
): EntryOutcome[] {
  const outcomes: EntryOutcome[] = Array.from({ length: count }, () => ({
    ok: false,
    code: undefined,
    message: MISSING,
  }))
  for (const entry of successful ?? []) {
    const index = Number(entry.Id)
    if (Number.isInteger(index) && index >= 0 && index < count) outcomes[index] = ACCEPTED
  }
  for (const entry of failed ?? []) {
    const index = Number(entry.Id)
    if (!Number.isInteger(index) || index < 0 || index >= count) continue
    outcomes[index] = {
      ok: false,
      code: entry.Code,
      message: entry.Message ?? '',
      ...(entry.SenderFault === undefined ? {} : { senderFault: entry.SenderFault }),
    }
  }
  return outcomes
}

/**
 * Turns a Kinesis or EventBridge answer (one result per entry, in order, with `ErrorCode` on
 * failure) into one outcome per entry; a missing result gets an outcome with no code (retryable).
 */
export function outcomesByPosition(
  count: number,
  results:
    | readonly { readonly ErrorCode?: string | undefined; readonly ErrorMessage?: string | undefined }[]
    | undefined,
): EntryOutcome[] {
  return Array.from({ length: count }, (_, i): EntryOutcome => {
    const result = results?.[i]
    if (result === undefined) return { ok: false, code: undefined, message: MISSING }
    if (result.ErrorCode === undefined) return ACCEPTED
    return { ok: false, code: result.ErrorCode, message: result.ErrorMessage ?? '' }
  })
}
