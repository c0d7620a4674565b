import { AwsCallError, AwsConfigError } from '../errors.ts'

/** The `AwsConfigError` that `run` throws; fails the test if it throws nothing or something else. */
export function configErrorOf(run: () => unknown): AwsConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof AwsConfigError) return error
    throw error
  }
  throw new Error('expected an AwsConfigError')
}

/** The coded error `run` rejects with; fails the test if it resolves or rejects with something else. */
export async function codedRejectionOf(run: () => Promise<unknown>): Promise<AwsCallError | AwsConfigError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof AwsCallError || error instanceof AwsConfigError) return error
    throw error
  }
  throw new Error('expected a coded error')
}
