import { join } from 'node:path'
import { NAME_PATTERN } from '@sluice/assets'
import { type Static, Type } from 'typebox'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'

/**
 * Where audit events go besides the audit trail file: `local` (nowhere else) or `eventbridge`
 * (also to a bus, through an AWS connection of the project), as in seed 000's `events.mode`.
 */
export const EventSettings = Type.Union([
  Type.Object({ mode: Type.Literal('local') }, { additionalProperties: false }),
  Type.Object(
    {
      mode: Type.Literal('eventbridge'),
      connection: Type.String({
        pattern: NAME_PATTERN,
        description: 'A connection.aws asset of the project.',
      }),
      busName: Type.String({ pattern: '^[A-Za-z0-9._\\-/:]{1,256}$', description: 'Event bus name or ARN.' }),
      deployment: Type.Optional(
        Type.String({
          pattern: NAME_PATTERN,
          description: 'Resolve the connection macros from this deployment.',
        }),
      ),
      source: Type.Optional(
        Type.String({
          pattern: '^[A-Za-z0-9._-]{1,256}$',
          description: 'The events’ Source (default sluice.config-server).',
        }),
      ),
    },
    { additionalProperties: false },
  ),
])
export type EventSettings = Static<typeof EventSettings>

const SettingsFile = Type.Object({ events: EventSettings })

/** Server settings that are not project content: `settings.json` of the data directory. */
export class SettingsStore {
  readonly #path: string
  #events: EventSettings

  private constructor(path: string, events: EventSettings) {
    this.#path = path
    this.#events = events
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    const path = join(dataDir, 'settings.json')
    const file = await readJsonFile(path, SettingsFile, { events: { mode: 'local' } })
    return new SettingsStore(path, file.events)
  }

  get events(): EventSettings {
    return this.#events
  }

  async setEvents(events: EventSettings): Promise<void> {
    await writeJsonFile(this.#path, { events }, 0o644)
    this.#events = events
  }
}
