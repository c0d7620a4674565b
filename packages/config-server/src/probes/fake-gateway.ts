import type { Listing, ProbeResult } from '@sluice/assets'
import type { AwsGateway, BusEvent, ResolvedConnection } from './aws-gateway.ts'

/** What a fake gateway was asked. */
export interface GatewayCall {
  method: 'test' | 'list' | 'presignPut' | 'putEvents'
  connection: ResolvedConnection
  detail: unknown
}

/**
 * An {@link AwsGateway} for unit tests: records every call and answers what the test set. Used by
 * the route, secret-leak and audit tests; the real gateway is tested against the local AWS stack.
 */
export class FakeGateway implements AwsGateway {
  readonly calls: GatewayCall[] = []
  readonly events: { busName: string; events: readonly BusEvent[] }[] = []
  probes: ProbeResult[] = [
    { name: 'GetCallerIdentity', ok: true, message: 'arn:aws:iam::000000000000:user/test', durationMs: 1 },
  ]
  listing: Listing = { kind: 'queues', items: [], truncated: false }
  failure: Error | undefined
  /** Makes `test` hang until its time limit, to check that nothing waits without one. */
  hang = false

  async test(connection: ResolvedConnection, target: { kind: string; spec: unknown } | undefined) {
    this.calls.push({ method: 'test', connection, detail: target })
    if (this.hang) await new Promise(() => undefined)
    return {
      identity: { account: '000000000000', arn: 'arn:aws:iam::000000000000:user/test' },
      probes: this.probes,
    }
  }

  async list(connection: ResolvedConnection, kind: string, query: unknown) {
    this.calls.push({ method: 'list', connection, detail: { kind, query } })
    if (this.failure) throw this.failure
    return this.listing
  }

  async presignPut(
    connection: ResolvedConnection,
    request: { bucket: string; key: string; contentType?: string; expiresInSeconds: number },
  ) {
    this.calls.push({ method: 'presignPut', connection, detail: request })
    if (this.failure) throw this.failure
    return {
      url: `https://s3.example/${request.bucket}/${request.key}?X-Amz-Signature=abc`,
      headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
      expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000).toISOString(),
    }
  }

  async putEvents(connection: ResolvedConnection, busName: string, events: readonly BusEvent[]) {
    this.calls.push({ method: 'putEvents', connection, detail: { busName } })
    if (this.failure) throw this.failure
    this.events.push({ busName, events })
  }
}
