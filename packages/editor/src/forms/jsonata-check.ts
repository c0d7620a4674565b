import jsonata from 'jsonata'

/** A JSONata syntax error with the character it was found at, or `undefined` when the expression parses. */
export function jsonataError(expression: string): string | undefined {
  if (expression.trim() === '') return 'The expression is empty.'
  try {
    jsonata(expression)
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const position: unknown =
      typeof error === 'object' && error !== null ? Reflect.get(error, 'position') : undefined
    return typeof position === 'number' ? `${message} (at character ${position})` : message
  }
}

export type Evaluation = { ok: true; value: unknown } | { ok: false; message: string }

/** Evaluates an expression over a sample message body, as the engine's map, filter and route do. */
export async function evaluateJsonata(expression: string, input: unknown): Promise<Evaluation> {
  try {
    const value: unknown = await jsonata(expression).evaluate(input)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

/** How a result reads for people: JSON, or "no result" for undefined. */
export function showResult(value: unknown): string {
  return value === undefined ? '(no result: the message would have no body)' : JSON.stringify(value, null, 2)
}
