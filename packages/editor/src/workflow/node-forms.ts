import type { Asset } from '@sluice/assets'
import { type FieldModel, formModelOf, type UnionBranch } from '../forms/form-model.ts'
import type { PaletteItem } from './palette-items.ts'

function nodeBranches(): readonly UnionBranch[] {
  const nodes = formModelOf('workflow').fields.find((f) => f.key === 'nodes')
  return nodes?.type === 'list' && nodes.item.type === 'union' ? nodes.item.branches : []
}

const BRANCHES = nodeBranches()
const OWN = new Set(['id', 'type', 'position'])

/** The form fields of a workflow node type, from the workflow schema: all but id, type and position. */
export function nodeFieldsOf(type: string): FieldModel[] {
  return (BRANCHES.find((b) => b.value === type)?.fields ?? []).filter((f) => !OWN.has(f.key))
}

/** The node types the workflow schema knows. */
export function nodeTypes(): string[] {
  return BRANCHES.map((b) => b.value)
}

const STARTERS: Readonly<Record<string, Record<string, unknown>>> = {
  map: { expression: '$' },
  filter: { expression: 'true' },
  route: { routes: [{ name: 'matched', when: 'true' }], otherwise: 'default' },
  throttle: { ratePerSecond: 100, burst: 100 },
}

/**
 * The properties of a node dropped from the palette: a processor with an expression that passes
 * every message, or a source or sink on the first asset of the dropped kind (chosen later if none).
 */
export function newNodeProps(
  item: PaletteItem,
  assets: readonly Asset[],
): { props: Record<string, unknown>; idBase: string } {
  if (item.type === 'source' || item.type === 'sink') {
    const asset = assets.find((a) => a.kind === item.kind)
    return {
      props: { asset: asset?.name ?? '' },
      idBase: asset?.name ?? item.kind?.replace('.', '-') ?? item.type,
    }
  }
  return { props: { ...(STARTERS[item.type] ?? {}) }, idBase: item.type }
}
