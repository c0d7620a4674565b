import type { Static, TSchema } from 'typebox'
import type { IamContext, IamStatement } from '../iam/types.ts'
import type { Issue } from '../issues.ts'
import type { Authored } from './authored.ts'

export type AssetCategory = 'connection' | 'source' | 'sink' | 'resource' | 'workflow' | 'deployment'

/** A YAML example that a test validates, so documentation never rots. */
export interface AssetExample {
  title: string
  /** A whole asset file: `kind`, `name`, `spec` and the rest. */
  yaml: string
}

/**
 * The one description of an asset type. Everything else derives from it: the config type
 * (`Static<spec>`), defaults, validation, the YAML shape, the server's schemas, the editor form and
 * palette, the engine implementation registered under the same `kind`, the docs and the IAM policy.
 */
export interface AssetTypeDefinition<K extends string = string, S extends TSchema = TSchema> {
  /** Stable type id, e.g. `sink.sqs`. */
  kind: K
  category: AssetCategory
  title: string
  /** One sentence for the palette and docs. */
  summary: string
  /** The JSON Schema of the asset's `spec`, with `x-ui` hints. */
  spec: S
  /** Workflow ports: sources have one output, sinks one input. */
  ports?: { inputs: number; outputs: number }
  /**
   * Cross-field rules, run after the schema check passes. Paths are relative to `spec`. Any field
   * may still hold an unresolved macro, which a rule must leave alone; the rules run again once the
   * macros are resolved.
   */
  rules?(spec: Authored<Static<S>>): Issue[]
  /** The IAM statements the asset needs at run time, resources narrowed to exact ARNs. */
  iam?(spec: Static<S>, ctx: IamContext): IamStatement[]
  examples: readonly AssetExample[]
}

/** Declares an asset type. The literal `kind` and the schema's static type are kept for inference. */
export function defineAssetType<const K extends string, S extends TSchema>(
  definition: AssetTypeDefinition<K, S>,
): AssetTypeDefinition<K, S> {
  return definition
}

/** The spec type of an asset type definition: what the engine receives once macros are resolved. */
export type SpecOf<D> = D extends AssetTypeDefinition<string, infer S> ? Static<S> : never
