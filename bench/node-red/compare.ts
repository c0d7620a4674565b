import { type Child, Children } from '../../packages/engine/src/system/children.ts'
import { type NodeRedVariant, PAIRINGS, type Pairing, type SideResult, sideResultOf } from './workload.ts'

/** One pairing measured: the median round of each side, and every round's msg/s. */
export interface PairingResult {
  readonly pairing: Pairing
  readonly sluice: SideResult
  readonly nodeRed: SideResult
  readonly sluiceRounds: readonly number[]
  readonly nodeRedRounds: readonly number[]
}

/** The round with the median msg/s (the upper one of an even count). */
export function median(results: readonly SideResult[]): SideResult {
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond)
  const middle = sorted[Math.floor(sorted.length / 2)]
  if (middle === undefined) throw new Error('no rounds to take a median of')
  return middle
}

async function side(children: Children, script: string, args: readonly string[]): Promise<SideResult> {
  const child: Child = children.spawn(script, script, args)
  const code = await children.exitOf(child, 300_000)
  const result = sideResultOf(child.output())
  if (code !== 0 || result === undefined)
    throw new Error(`${script} ${args.join(' ')} exited with ${code}:\n${child.output().slice(-4000)}`)
  return result
}

/**
 * Runs every pairing of {@link PAIRINGS}: `rounds` times each side, each time in a fresh child
 * process with `messages` messages, the sides taking turns. A Node-RED flow shared by two pairings
 * is measured once. `log` hears of each round.
 */
export async function compareWithNodeRed(
  messages: number,
  rounds: number,
  log: (line: string) => void,
): Promise<PairingResult[]> {
  const children = new Children()
  const nodeRed = new Map<NodeRedVariant, SideResult[]>()
  const sluice = new Map<string, SideResult[]>()
  try {
    for (let round = 1; round <= rounds; round++)
      for (const pairing of PAIRINGS) {
        const own = sluice.get(pairing.sluice) ?? []
        own.push(await side(children, 'bench/node-red/sluice-side.ts', [pairing.sluice, String(messages)]))
        sluice.set(pairing.sluice, own)
        const theirs = nodeRed.get(pairing.nodeRed) ?? []
        if (theirs.length < round) {
          theirs.push(
            await side(children, 'bench/node-red/node-red-side.ts', [pairing.nodeRed, String(messages)]),
          )
          nodeRed.set(pairing.nodeRed, theirs)
        }
        log(
          `node-red comparison, round ${round}: ${pairing.label}: Sluice ${Math.round(own.at(-1)?.perSecond ?? 0)} msg/s, ` +
            `Node-RED ${Math.round(theirs.at(-1)?.perSecond ?? 0)} msg/s`,
        )
      }
  } finally {
    await children.killAll()
  }
  return PAIRINGS.map((pairing) => {
    const own = sluice.get(pairing.sluice) ?? []
    const theirs = nodeRed.get(pairing.nodeRed) ?? []
    return {
      pairing,
      sluice: median(own),
      nodeRed: median(theirs),
      sluiceRounds: own.map((r) => r.perSecond),
      nodeRedRounds: theirs.map((r) => r.perSecond),
    }
  })
}
