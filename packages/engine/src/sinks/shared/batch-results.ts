import type { EntryOutcome } from '../batching/types.ts'

/** A failed entry as SQS and SNS report it. */
export interface IdFailure {
  readonly Id?: string | undefined
  readonly Code?: string | undefined
  readonly Message?: string | undefined
  readonly SenderFault?: boolean | undefined
}

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
    message: 'the answer did not mention this entry',
  }))
  for (const entry of successful ?? []) {
    const index = Number(entry.Id)
    if (Number.isInteger(index) && index >= 0 && index < count) outcomes[index] = { ok: true }
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
