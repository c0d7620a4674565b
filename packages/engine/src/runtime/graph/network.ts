import { parseEndpoint, type SpecOf, type workflow } from '@sluice/assets'
import { filter, map, type Observable, Subject, Subscription } from 'rxjs'
import type { Sink, Source } from '../contracts.ts'
import type { Envelope } from '../envelope.ts'
import { DeliveryError, isDependencyError } from '../errors.ts'
import type { ExpressionCompiler } from '../expression/expression.ts'
import type { WorkflowMeter } from '../metrics/meter.ts'
import { ErrorRoute, SinkNode } from './delivery.ts'
import { type Emission, envelopeOf, portOf } from './emission.ts'
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
 * A workflow compiled to RxJS: each processor node an operator over a `Subject` that its inbound
 * links feed, each source's `messages` tracked, each sink fed through a {@link SinkNode}. A node
 * with several links on a port forks the envelope (`fork(n)`), so the source's message settles
 * only once every branch has; a message that reaches no link is acked as filtered. Nothing here
 * buffers beyond the messages the sources have in flight.
 */
export class Network {
  private readonly tracker: Tracker
  private readonly subscription = new Subscription()
  private readonly options: NetworkOptions
  private readonly errorRoute: ErrorRoute | undefined

  constructor(options: NetworkOptions) {
    this.options = options
    const { spec, meter } = options
    this.tracker = new Tracker(meter, options.now)
    const inputs = new Map<string, Subject<Envelope>>()
    for (const node of spec.nodes) if (node.type !== 'source') inputs.set(node.id, new Subject<Envelope>())
    const targets = new Map<string, Subject<Envelope>[]>()
    for (const link of spec.links) {
      const { node, port } = parseEndpoint(link.from)
      const input = inputs.get(link.to)
      if (!input) continue
      const key = `${node}.${port}`
      targets.set(key, [...(targets.get(key) ?? []), input])
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

    const dispatch = (from: string, emission: Emission) => {
      const envelope = envelopeOf(emission)
      const to = targets.get(`${from}.${portOf(emission)}`) ?? []
      if (to.length === 1) to[0]?.next(envelope)
      else if (to.length === 0) envelope.ackFiltered()
      else {
        const branches = envelope.fork(to.length)
        for (let i = 0; i < to.length; i++) {
          const branch = branches[i]
          if (branch) to[i]?.next(branch)
        }
      }
    }
    for (const [id, sinkNode] of sinkNodes) {
      const input = inputs.get(id)
      if (input) this.subscription.add(input.subscribe((envelope) => sinkNode.write(envelope)))
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
      this.subscription.add(input.pipe(operator).subscribe((emission) => dispatch(node.id, emission)))
    }
    for (const [id, source] of options.sources) {
      this.subscription.add(
        this.tracked(id, source.messages).subscribe({
          next: (envelope) => dispatch(id, envelope),
          error: (error: unknown) => options.onSourceError(id, error),
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

  private tracked(id: string, messages: Observable<Envelope>): Observable<Envelope> {
    const counters = this.options.meter.node(id, 'source')
    return messages.pipe(
      map((envelope) => {
        const tracked = this.tracker.track(envelope, counters)
        if (!envelope.decodeError) return tracked
        this.fail(tracked, envelope.decodeError, id)
        return undefined
      }),
      filter((envelope) => envelope !== undefined),
    )
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
