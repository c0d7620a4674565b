import { AssetEnvelope, builtinRegistry } from '@sluice/assets'
import { type CliResult, ok } from './result.ts'

/** `sluice schema`: the JSON Schema of the asset envelope and of every kind's spec. */
export function schemaCommand(): CliResult {
  const schema = { envelope: AssetEnvelope, kinds: builtinRegistry.jsonSchemas() }
  return ok(`${JSON.stringify(schema, null, 2)}\n`)
}
