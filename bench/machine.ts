import { cpus, release, totalmem } from 'node:os'

/** The machine a report was measured on: cores, CPU model, memory, kernel, Node. */
export function machineLine(): string {
  const cpu = cpus()
  return (
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}`
  )
}
