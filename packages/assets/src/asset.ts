import { Type } from 'typebox'
import { NAME_PATTERN } from './spec/names.ts'

/** Role names: what engine nodes carry and assets require. */
export const ROLE_PATTERN = '^[a-z0-9][a-z0-9._-]{0,62}$'

/**
 * The envelope every project file shares. `spec` is checked against the schema of `kind`.
 * `requiredRoles`: the engine node roles an asset needs; empty means any node.
 */
export const AssetEnvelope = Type.Object(
  {
    kind: Type.String({ description: 'The asset type id, e.g. `sink.sqs`.', minLength: 1 }),
    name: Type.String({
      description: 'Unique per kind in the project: letters, digits, `-` and `_`.',
      pattern: NAME_PATTERN,
    }),
    description: Type.Optional(Type.String({ description: 'What the asset is for.' })),
    requiredRoles: Type.Optional(
      Type.Array(Type.String({ pattern: ROLE_PATTERN }), {
        description: 'Engine node roles this asset needs; empty means any node.',
        uniqueItems: true,
      }),
    ),
    spec: Type.Unknown({ description: 'The settings of this asset type.' }),
  },
  { additionalProperties: false },
)

/** An asset as it sits in a project: its envelope, and its spec with defaults applied. */
export interface Asset {
  kind: string
  name: string
  description?: string
  requiredRoles: string[]
  /** Authored spec: may still hold macros. Read it through a type's guard, never by casting. */
  spec: unknown
  /** Project-relative file it was loaded from. */
  file?: string
}

/** The key that identifies an asset in a project. */
export function assetKey(asset: Pick<Asset, 'kind' | 'name'>): string {
  return `${asset.kind}/${asset.name}`
}
