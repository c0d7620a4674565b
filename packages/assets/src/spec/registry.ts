import type { TSchema } from 'typebox'
import type { AssetCategory, AssetTypeDefinition } from './define.ts'

/** The asset types a project may use, looked up by `kind`. */
export interface AssetRegistry {
  readonly types: readonly AssetTypeDefinition<string, TSchema>[]
  get(kind: string): AssetTypeDefinition<string, TSchema> | undefined
  list(category?: AssetCategory): AssetTypeDefinition<string, TSchema>[]
  /** The JSON Schema of each kind's `spec`, keyed by kind (with `x-ui` hints, defaults and descriptions). */
  jsonSchemas(): Record<string, unknown>
}

/** Builds a registry; throws at start-up if two types share a kind, a programming error. */
export function createRegistry(types: readonly AssetTypeDefinition<string, TSchema>[]): AssetRegistry {
  const byKind = new Map<string, AssetTypeDefinition<string, TSchema>>()
  for (const type of types) {
    if (byKind.has(type.kind)) throw new Error(`asset kind "${type.kind}" is defined twice`)
    byKind.set(type.kind, type)
  }
  return {
    types,
    get: (kind) => byKind.get(kind),
    list: (category) => types.filter((t) => category === undefined || t.category === category),
    jsonSchemas: () =>
      Object.fromEntries(
        types.map((t) => [
          t.kind,
          {
            $id: `sluice:${t.kind}`,
            title: t.title,
            description: t.summary,
            'x-category': t.category,
            ...JSON.parse(JSON.stringify(t.spec)),
          },
        ]),
      ),
  }
}
