import { builtinRegistry } from '@sluice/assets'

/** One entry of the canvas palette: what node a drop creates. */
export interface PaletteItem {
  /** `source`, `sink`, or a processor type. */
  type: string
  /** For sources and sinks: the asset kind the node's asset is picked from. */
  kind?: string
  title: string
  summary: string
  group: 'Sources' | 'Processors' | 'Sinks'
}

const PROCESSORS: readonly PaletteItem[] = [
  {
    type: 'map',
    title: 'Map',
    summary: 'Reshape each message with a JSONata expression.',
    group: 'Processors',
  },
  {
    type: 'filter',
    title: 'Filter',
    summary: 'Keep messages a JSONata condition holds for; the rest are acked as filtered.',
    group: 'Processors',
  },
  {
    type: 'route',
    title: 'Route',
    summary: 'Send messages to the outputs whose JSONata condition holds.',
    group: 'Processors',
  },
  {
    type: 'throttle',
    title: 'Throttle',
    summary: 'Let at most a number of messages per second through; none are dropped.',
    group: 'Processors',
  },
]

/** Sources and sinks from the asset specs, and the inline processors, in palette order. */
export function paletteItems(): PaletteItem[] {
  const assets = (category: 'source' | 'sink', group: PaletteItem['group']) =>
    builtinRegistry
      .list(category)
      .map((t) => ({ type: category, kind: t.kind, title: t.title, summary: t.summary, group }))
  return [...assets('source', 'Sources'), ...PROCESSORS, ...assets('sink', 'Sinks')]
}

/** The MIME type a palette drag carries. */
export const PALETTE_MIME = 'application/x-sluice-palette'

export function encodePaletteItem(item: PaletteItem): string {
  return JSON.stringify({ type: item.type, kind: item.kind ?? null })
}

/** Reads a dropped palette entry back; `undefined` for anything else. */
export function decodePaletteItem(text: string): PaletteItem | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const type: unknown = Reflect.get(value, 'type')
    const kind: unknown = Reflect.get(value, 'kind')
    return paletteItems().find((i) => i.type === type && (i.kind ?? null) === kind)
  } catch {
    return undefined
  }
}

/** The title a node shows: its asset's kind title for sources and sinks, else the processor's. */
export function nodeTitle(type: string, assetKind: string | undefined): string {
  if (assetKind) return builtinRegistry.get(assetKind)?.title ?? assetKind
  return (
    PROCESSORS.find((p) => p.type === type)?.title ??
    (type === 'source' ? 'Source' : type === 'sink' ? 'Sink' : type || 'Unknown')
  )
}
