import { readFile } from 'node:fs/promises'
import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'
import { describeError } from '../errors.ts'
import { writeFileAtomic } from './atomic-write.ts'

/** Raised at start-up when a state file in the data directory is damaged; the server then refuses to start. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError'
}

/**
 * Reads a JSON state file of the data directory and checks it against `schema`. A missing file
 * gives `fallback`; a file that does not parse or fit throws {@link StateFileError} naming it.
 */
export async function readJsonFile<S extends TSchema>(
  path: string,
  schema: S,
  fallback: Static<S>,
): Promise<Static<S>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return fallback
    throw new StateFileError(`${path} cannot be read: ${describeError(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new StateFileError(`${path} is not valid JSON: ${describeError(error).slice(0, 80)}`)
  }
  if (!Value.Check(schema, data)) {
    const first = [...Value.Errors(schema, data)][0]
    throw new StateFileError(
      `${path} does not have the expected shape at ${first?.instancePath || '/'}: ${first?.message}`,
    )
  }
  return data
}

/** Writes a JSON state file atomically; `mode` 0o600 keeps hashes and keys private to the server user. */
export function writeJsonFile(path: string, value: unknown, mode = 0o600): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { mode })
}
