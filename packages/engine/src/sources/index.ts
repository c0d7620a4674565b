import type { ComponentStarter } from '../runtime/components.ts'
import type { Source, SourceMetrics } from '../runtime/contracts.ts'

/** Every source implementation, one per `source.*` asset kind. */
export const sourceStarters: readonly ComponentStarter<Source, SourceMetrics>[] = []
