import type { ProbeResult } from '@sluice/assets'
import { type AwsCalls, IAM_ACTIONS } from './aws-calls.ts'
import { describeAwsFailure } from './aws-failure.ts'
import type { Deadline } from './deadline.ts'

/** What the probes of one test share: the calls and one time budget. */
export interface ProbeContext {
  readonly calls: AwsCalls
  readonly deadline: Deadline
}

/** A finding that fails a probe although the call succeeded, e.g. a stream still being created. */
export interface ProbeProblem {
  code: string
  message: string
}

/** The outcome of one probe, and the call's value when it succeeded. */
export interface StepOutcome<T> {
  result: ProbeResult
  value: T | undefined
}

/**
 * Makes one call as a probe: times it, bounds it by the shared deadline, and turns any failure
 * into a result with a code and the IAM action. Never throws.
 */
export async function probeStep<T>(
  ctx: ProbeContext,
  name: string,
  call: keyof AwsCalls,
  run: (signal: AbortSignal) => Promise<T>,
  describe: (value: T) => string | ProbeProblem,
): Promise<StepOutcome<T>> {
  const action = IAM_ACTIONS[call]
  const started = performance.now()
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10
  const base = { name, ...(action === undefined ? {} : { action }) }
  try {
    const value = await ctx.deadline.run(name, run)
    const verdict = describe(value)
    const result: ProbeResult =
      typeof verdict === 'string'
        ? { ...base, ok: true, message: verdict, durationMs: durationMs() }
        : { ...base, ok: false, code: verdict.code, message: verdict.message, durationMs: durationMs() }
    return { result, value: typeof verdict === 'string' ? value : undefined }
  } catch (error) {
    const failure = describeAwsFailure(error, { what: name, ...(action === undefined ? {} : { action }) })
    const result: ProbeResult = {
      name,
      ...(failure.action === undefined ? {} : { action: failure.action }),
      ok: false,
      code: failure.code,
      message: failure.message,
      durationMs: durationMs(),
    }
    return { result, value: undefined }
  }
}
