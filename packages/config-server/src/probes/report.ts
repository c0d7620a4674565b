import type { ProbeReport, ProbeResult } from '@sluice/assets'

/** Builds a report; `ok` only when every probe passed. */
export function report(
  base: { kind: string; name: string },
  probes: ProbeResult[],
  location: ProbeReport['location'],
  identity?: { account: string; arn: string },
): ProbeReport {
  return {
    ok: probes.length > 0 && probes.every((p) => p.ok),
    ...base,
    ...(identity ? { identity } : {}),
    probes,
    ranAt: new Date().toISOString(),
    location,
  }
}
