import { cpus, loadavg, release, totalmem } from 'node:os'

/** The machine a report was measured on: cores, CPU model, memory, kernel, Node. */
export function machineLine(): string {
  const cpu = cpus()
  return (
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}`
  )
}

/** The load average over 1, 5 and 15 minutes: how much other work shared the machine. */
export function loadLine(): string {
  return `load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' / ')} (1, 5, 15 minutes)`
}
