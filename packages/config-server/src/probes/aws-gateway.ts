import type { Listing, ListingKind, ProbeResult } from '@sluice/assets'
import {
  type AwsClientOptions,
  type BusEvent,
  type CallerIdentity,
  type ConnectionSpec,
  createAwsClients,
  describeAwsFailure,
  type ListingQuery,
  listResources,
  type PresignedPut,
  presignPut,
  publishEvents,
  testConnection,
} from '@sluice/aws'

export type { BusEvent }

/** A connection ready to make clients: its spec with every macro resolved and secret opened. */
export interface ResolvedConnection {
  spec: ConnectionSpec
  options: AwsClientOptions
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
    test: testConnection,
    list: (connection, kind, query, options) =>
      withClients(connection, (clients) => listResources(kind, clients, query, options)),
    presignPut: (connection, request) => withClients(connection, (clients) => presignPut(clients, request)),
    putEvents: (connection, busName, events) =>
      withClients(connection, (clients) => publishEvents(clients, busName, events)),
  }
}
