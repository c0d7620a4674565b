import { parseEndpoint, type SpecOf, type workflow } from '@sluice/assets'
import { Subscription } from 'rxjs'
import type { Sink, Source } from '../contracts.ts'
import { Envelope } from '../envelope.ts'
import { DeliveryError, isDependencyError, retryableError } from '../errors.ts'
import type { ExpressionCompiler } from '../expression/expression.ts'
import type { WorkflowMeter } from '../metrics/meter.ts'
import { ErrorRoute, SinkNode } from './delivery.ts'
import type { Emission } from './emission.ts'
import { Inlet } from './inlet.ts'
import { processorOperator } from './processors.ts'
import { Tracker } from './tracker.ts'

export type WorkflowSpec = SpecOf<typeof workflow>

/** What the network needs besides the workflow spec: its running components and its observers. */
export interface NetworkOptions {
  readonly workflow: string
  readonly spec: WorkflowSpec
  readonly sources: ReadonlyMap<string, Source>
  readonly sinks: ReadonlyMap<string, Sink>
  readonly meter: WorkflowMeter
  readonly compile: ExpressionCompiler
  /** A source's `messages` failed: it cannot go on. */
  onSourceError(node: string, error: unknown): void
  /** A delivery failed because an AWS resource or credential is unavailable. */
  onDependencyFailure(node: string, error: DeliveryError): void
  readonly now?: () => number
}

/**
 * A workflow compiled to RxJS: each processor node an operator over the {@link Inlet} that its
 * inbound links feed, each source's `messages` tracked, each sink fed through a {@link SinkNode}. A node
 * with several links on a port forks the envelope (`fork(n)`), so the source's message settles
 * only once every branch has; a message that reaches no link is acked as filtered. Nothing here
 * buffers beyond the messages the sources have in flight.
 */
export class Network {
  private readonly tracker: Tracker
  private readonly subscription = new Subscription()
  private readonly options: NetworkOptions
  private readonly errorRoute: ErrorRoute | undefined
  private readonly dispatchers: ReadonlyMap<string, (emission: Emission) => void>

  constructor(options: NetworkOptions) {
    this.options = options
    const { spec, meter } = options
    this.tracker = new Tracker(meter, options.now)
    const inputs = new Map<string, Inlet<Envelope>>()
    const orphaned = (envelope: Envelope) =>
      envelope.nack(
        retryableError('workflow.stopped', 'the workflow stopped before this message reached its node'),
      )
    for (const node of spec.nodes)
      if (node.type !== 'source') inputs.set(node.id, new Inlet<Envelope>(orphaned))
    const targets = new Map<string, Map<string, Inlet<Envelope>[]>>()
    for (const link of spec.links) {
      const { node, port } = parseEndpoint(link.from)
      const input = inputs.get(link.to)
      if (!input) continue
      const ports = targets.get(node) ?? new Map<string, Inlet<Envelope>[]>()
      ports.set(port, [...(ports.get(port) ?? []), input])
      targets.set(node, ports)
    }
    const sinkNodes = new Map<string, SinkNode>()
    for (const node of spec.nodes) {
      const sink = node.type === 'sink' ? options.sinks.get(node.id) : undefined
      if (!sink) continue
      const counters = meter.node(node.id, 'sink')
      sinkNodes.set(node.id, new SinkNode(node.id, sink, counters, (e, error, at) => this.fail(e, error, at)))
    }
    const errorSink = spec.errorSink === undefined ? undefined : sinkNodes.get(spec.errorSink)
    this.errorRoute = errorSink ? new ErrorRoute(options.workflow, errorSink) : undefined

    const dispatcher = (from: string) => {
      const ports = targets.get(from) ?? new Map<string, Inlet<Envelope>[]>()
      const out = ports.get('out') ?? []
      return (emission: Emission) => {
        if (emission instanceof Envelope) send(out, emission)
        else send(ports.get(emission.port) ?? [], emission.envelope)
      }
    }
    for (const [id, sinkNode] of sinkNodes) {
      const input = inputs.get(id)
      if (input) this.subscription.add(input.observable.subscribe((envelope) => sinkNode.write(envelope)))
    }
    for (const node of spec.nodes) {
      if (node.type === 'source' || node.type === 'sink') continue
      const input = inputs.get(node.id)
      if (!input) continue
      const operator = processorOperator(node, {
        counters: meter.node(node.id, node.type),
        compile: options.compile,
        fail: (envelope, error) => this.fail(envelope, error, node.id),
      })
      this.subscription.add(input.observable.pipe(operator).subscribe(dispatcher(node.id)))
    }
    this.dispatchers = new Map([...options.sources.keys()].map((id) => [id, dispatcher(id)]))
  }

  /** Subscribes the sources: messages start to flow. */
  start(): void {
    const { meter, onSourceError } = this.options
    for (const [id, source] of this.options.sources) {
      const counters = meter.node(id, 'source')
      const dispatch = this.dispatchers.get(id)
      if (!dispatch) continue
      this.subscription.add(
        source.messages.subscribe({
          next: (envelope) => {
            const tracked = this.tracker.track(envelope, counters)
            if (envelope.decodeError) this.fail(tracked, envelope.decodeError, id)
            else dispatch(tracked)
          },
          error: (error: unknown) => onSourceError(id, error),
        }),
      )
    }
  }

  /** Messages emitted by the sources and not yet settled. */
  get inFlight(): number {
    return this.tracker.inFlight
  }

  /** Resolves once no message is unsettled. */
  idle(): Promise<void> {
    return this.tracker.idle()
  }

  /** Nacks every unsettled message (at a drain deadline); returns how many. */
  nackAll(error: Error): number {
    return this.tracker.nackAll(error)
  }

  /** Stops every subscription; envelopes still inside processors stay unsettled until `nackAll`. */
  close(): void {
    this.subscription.unsubscribe()
  }

  /** Routes a failed message: dependency failures and retryable errors are nacked, permanent ones go to the error sink when there is one. */
  private fail(envelope: Envelope, error: Error, node: string): void {
    this.options.meter.recordError(node, error)
    if (isDependencyError(error)) {
      this.options.onDependencyFailure(node, error)
      envelope.nack(error)
      return
    }
    const route = this.errorRoute
    if (route && node !== route.node && error instanceof DeliveryError && error.permanent) {
      route.send(envelope, error, node)
      return
    }
    envelope.nack(error)
  }
}

/** Sends an envelope along links: forked across several, acked as filtered when there is none. */
function send(links: readonly Inlet<Envelope>[], envelope: Envelope): void {
  if (links.length === 1) {
    links[0]?.push(envelope)
    return
  }
  if (links.length === 0) {
    envelope.ackFiltered()
    return
  }
  const branches = envelope.fork(links.length)
  for (let i = 0; i < links.length; i++) {
    const branch = branches[i]
    if (branch) links[i]?.push(branch)
  }
}
