import type { PairingResult } from './compare.ts'
import { FILTER_FUNCTION, FILTER_JSONATA, MAP_FUNCTION, MAP_JSONATA } from './flows.ts'
import { type SideResult, WARM_UP, WINDOW } from './workload.ts'

const whole = (n: number) => Math.round(n).toLocaleString('en')
const micros = (n: number) => n.toFixed(n < 10 ? 2 : 1)
const seconds = (r: SideResult) => (r.messages / r.perSecond).toFixed(2)

/** The Markdown section of the Node-RED comparison: the table, then what each side does. */
export function renderNodeRedSection(
  results: readonly PairingResult[],
  run: { readonly messages: number; readonly rounds: number; readonly nodeRedVersion: string },
): string[] {
  const rows = results.map((r) => {
    const ratio = r.sluice.perSecond / r.nodeRed.perSecond
    const cpuRatio = r.nodeRed.cpuMicrosPerMessage / r.sluice.cpuMicrosPerMessage
    return (
      `| ${r.pairing.label} | ${whole(r.sluice.perSecond)} | ${whole(r.nodeRed.perSecond)} | ${ratio.toFixed(1)} × | ` +
      `${micros(r.sluice.cpuMicrosPerMessage)} | ${micros(r.nodeRed.cpuMicrosPerMessage)} | ${cpuRatio.toFixed(1)} × | ` +
      `${seconds(r.sluice)} / ${seconds(r.nodeRed)} | ${r.sluice.peakRssMiB} / ${r.nodeRed.peakRssMiB} | ` +
      `${r.sluiceRounds.map(whole).join(', ')} / ${r.nodeRedRounds.map(whole).join(', ')} |`
    )
  })
  return [
    `Node-RED ${run.nodeRedVersion}, embedded. ${run.messages.toLocaleString('en')} messages per run, ${run.rounds} round(s) of each side, every run in a fresh child process after a warm-up of ${WARM_UP.toLocaleString('en')} messages in the same process; the table shows each side's median round. A Sluice run of this size lasts a fraction of a second, so its rounds spread more than Node-RED's.`,
    '',
    '| pairing | Sluice msg/s | Node-RED msg/s | Sluice ÷ Node-RED | Sluice CPU µs/msg | Node-RED CPU µs/msg | CPU per message, Node-RED ÷ Sluice | seconds per run, Sluice / Node-RED | peak RSS MiB, Sluice / Node-RED | every round msg/s, Sluice / Node-RED |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'What each side does:',
    '',
    `- Both: the message body is \`{ id, amount: id % 1000, customer: "c-42" }\`; the map adds \`total = amount × 2\`; the filter drops the 10 % whose \`amount % 10 = 0\`; at most ${WINDOW.toLocaleString('en')} messages are unfinished at once; the clock runs from the first message fed to the last one finished; CPU is the process's user + system time over the same span. Both use jsonata 2.2.2.`,
    '- Sluice: `packages/engine/bench/core.ts` `measure`: a synthetic source (demand-driven) → map → filter → a null sink, through the engine runtime (`runFixture`), every message acked (or acked as filtered) back to the source.',
    `- Node-RED: the runtime embedded with \`RED.init\` (no editor, no admin or node HTTP, no projects, no credentials file, user directory in a temporary directory, logging at error). The benchmark calls \`receive(msg)\` on the first node; two function-node sinks report to the benchmark. The filter sends the messages it drops to the second sink, because Node-RED drops them silently and the benchmark must know when a message is finished (Sluice acks them as filtered). Every output has one wire, so no message is cloned.`,
    ...results.map(
      (r) => `- ${r.pairing.label}: Sluice: ${r.pairing.sluiceDoes}. Node-RED: ${r.pairing.nodeRedDoes}.`,
    ),
    `- Node-RED function code: map \`${MAP_FUNCTION.replaceAll('\n', '; ')}\`; filter \`${FILTER_FUNCTION}\`. JSONata: change node \`${MAP_JSONATA}\`, switch rule \`${FILTER_JSONATA}\`.`,
  ]
}
