import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import type { Listing, ListingKind, ProbeResult } from '@sluice/assets'
import {
  type AwsClientOptions,
  type CallerIdentity,
  type ConnectionSpec,
  createAwsClients,
  describeAwsFailure,
  type ListingQuery,
  listResources,
  type PresignedPut,
  presignPut,
  probeAsset,
  probeConnection,
} from '@sluice/aws'

/** A connection ready to make clients: its spec with every macro resolved and secret opened. */
export interface ResolvedConnection {
  spec: ConnectionSpec
  options: AwsClientOptions
}

/** One audit event sent to an EventBridge bus. */
export interface BusEvent {
  source: string
  detailType: string
  detail: string
  time: Date
}

/**
 * The AWS calls the config server makes, as one narrow seam: route and service tests inject a
 * fake; {@link realAwsGateway} adapts `@sluice/aws` and is tested against the local stack.
 * Every method is bounded in time; failures are coded, never carry secrets.
 */
export interface AwsGateway {
  /** Tests a connection (credentials, GetCallerIdentity) and then, if given, one asset through it. Never throws. */
  test(
    connection: ResolvedConnection,
    target: { kind: string; spec: unknown } | undefined,
    options: { timeoutMs: number },
  ): Promise<{ identity?: CallerIdentity; probes: ProbeResult[] }>
  /** A live listing for a picker; throws an error with `code` (and the IAM action in its message). */
  list(
    connection: ResolvedConnection,
    kind: ListingKind,
    query: ListingQuery,
    options: { timeoutMs: number },
  ): Promise<Listing>
  /** A short-lived presigned PUT URL; throws an error with `code`. */
  presignPut(
    connection: ResolvedConnection,
    request: { bucket: string; key: string; contentType?: string; expiresInSeconds: number },
  ): Promise<PresignedPut>
  /** Publishes events to a bus; throws an error with `code` when the call or an entry fails. */
  putEvents(connection: ResolvedConnection, busName: string, events: readonly BusEvent[]): Promise<void>
}

/** A failure from AWS for the API: a stable code and a message naming the IAM action. */
export function awsFailure(error: unknown, what: string, action?: string): { code: string; message: string } {
  const failure = describeAwsFailure(error, { what, ...(action === undefined ? {} : { action }) })
  return { code: failure.code, message: failure.message }
}

async function withClients<T>(
  connection: ResolvedConnection,
  work: (clients: ReturnType<typeof createAwsClients>) => Promise<T>,
): Promise<T> {
  const clients = createAwsClients(connection.spec, connection.options)
  try {
    return await work(clients)
  } finally {
    clients.destroy()
  }
}

/** The gateway over `@sluice/aws`: fresh clients per call, closed afterwards. */
export function realAwsGateway(): AwsGateway {
  return {
    async test(connection, target, options) {
      const started = Date.now()
      let clients: ReturnType<typeof createAwsClients>
      try {
        clients = createAwsClients(connection.spec, connection.options)
      } catch (error) {
        const { code, message } = awsFailure(error, 'Setting up the connection')
        return {
          probes: [
            { name: 'Set up the connection', ok: false, code, message, durationMs: Date.now() - started },
          ],
        }
      }
      try {
        const checked = await probeConnection(clients, { timeoutMs: options.timeoutMs })
        if (!target || checked.probes.some((p) => !p.ok)) return checked
        const left = Math.max(options.timeoutMs - (Date.now() - started), 1_000)
        const probes = await probeAsset(target.kind, target.spec, clients, { timeoutMs: left })
        return { ...checked, probes: [...checked.probes, ...probes] }
      } finally {
        clients.destroy()
      }
    },
    list: (connection, kind, query, options) =>
      withClients(connection, (clients) => listResources(kind, clients, query, options)),
    presignPut: (connection, request) => withClients(connection, (clients) => presignPut(clients, request)),
    putEvents: (connection, busName, events) =>
      withClients(connection, async (clients) => {
        const answer = await clients.eventBridge().send(
          new PutEventsCommand({
            Entries: events.map((e) => ({
              EventBusName: busName,
              Source: e.source,
              DetailType: e.detailType,
              Detail: e.detail,
              Time: e.time,
            })),
          }),
        )
        const failed = (answer.Entries ?? []).find((entry) => entry.ErrorCode !== undefined)
        if ((answer.FailedEntryCount ?? 0) > 0)
          throw Object.assign(
            new Error(
              `EventBridge refused an audit event: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`,
            ),
            {
              code: 'aws.entry-failed',
            },
          )
      }),
  }
}
