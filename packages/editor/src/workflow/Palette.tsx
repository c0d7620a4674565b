import { encodePaletteItem, PALETTE_MIME, type PaletteItem, paletteItems } from './palette-items.ts'

const ITEMS = paletteItems()
const GROUPS = ['Sources', 'Processors', 'Sinks'] as const

/** Sources, processors and sinks to drag onto the canvas, or to add with Enter at its centre. */
export function Palette(props: { onAdd(item: PaletteItem): void; disabled: boolean }) {
  return (
    <nav className="palette" aria-label="Palette">
      {GROUPS.map((group) => (
        <section key={group} aria-label={group}>
          <h2>{group}</h2>
          <ul>
            {ITEMS.filter((i) => i.group === group).map((item) => (
              <li key={`${item.type}:${item.kind ?? ''}`}>
                <button
                  type="button"
                  className={`palette-item palette-${item.type}`}
                  draggable={!props.disabled}
                  disabled={props.disabled}
                  title={`${item.summary} Drag onto the canvas, or press Enter to add it.`}
                  data-palette={item.kind ?? item.type}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(PALETTE_MIME, encodePaletteItem(item))
                    event.dataTransfer.effectAllowed = 'copy'
                  }}
                  onClick={() => props.onAdd(item)}
                >
                  {item.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  )
}
