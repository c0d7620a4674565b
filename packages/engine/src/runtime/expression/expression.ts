import jsonata from 'jsonata'
import { type DeliveryError, permanentError } from '../errors.ts'
import { compileFastPath } from './fast-path.ts'
import { FALLBACK, field } from './semantics.ts'

/**
 * A JSONata expression compiled once when its workflow starts. `evaluate` answers the value
 * synchronously when it can (the fast path), else a promise; either way in message order if the
 * caller awaits each result before the next. It never throws: a failure for one message is
 * returned as a {@link ExpressionFailure}, a permanent error for that message.
 */
export interface CompiledExpression {
  readonly source: string
  /** True when every message is evaluated synchronously except those the fast path declines. */
  readonly fast: boolean
  evaluate(input: unknown): unknown
}

/** What `evaluate` gives (or resolves to) when the expression failed for a message. */
export class ExpressionFailure {
  readonly error: DeliveryError
  constructor(error: DeliveryError) {
    this.error = error
  }
}

/** Turns expression text into a {@link CompiledExpression}; the runtime takes one so benchmarks can swap it. */
export type ExpressionCompiler = (source: string) => CompiledExpression

/** Options of {@link compileExpression}. */
export interface CompileOptions {
  /** Use the synchronous subset where the expression allows it (default true). */
  fastPath?: boolean
}

/**
 * Compiles JSONata. Throws a permanent error with `expression.syntax` for text that does not parse
 * (workflow validation reports those earlier, so it means the bundle skipped validation).
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  let expression: jsonata.Expression
  try {
    expression = jsonata(source)
  } catch (error) {
    throw permanentError('expression.syntax', `JSONata does not parse "${source}": ${describe(error)}`)
  }
  const slow = (input: unknown): Promise<unknown> =>
    expression.evaluate(input).then(
      (value: unknown) => value,
      (error: unknown) => new ExpressionFailure(failure(source, error)),
    )
  const fast = options.fastPath === false ? undefined : compileFastPath(expression.ast())
  if (!fast) return { source, fast: false, evaluate: slow }
  return {
    source,
    fast: true,
    evaluate(input) {
      const value = fast(input)
      return value === FALLBACK ? slow(input) : value
    },
  }
}

function failure(source: string, error: unknown): DeliveryError {
  const code = field(error, 'code')
  const position = field(error, 'position')
  const at = typeof position === 'number' ? ` at character ${position}` : ''
  const which = typeof code === 'string' ? ` ${code}` : ''
  return permanentError(
    'processor.expression-failed',
    `JSONata${which}${at} in "${source}": ${describe(error)}`,
    error,
  )
}

function describe(error: unknown): string {
  const message = field(error, 'message')
  return typeof message === 'string' ? message : String(error)
}
