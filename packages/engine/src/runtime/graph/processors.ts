import { type OperatorFunction, pipe, type Subscriber, tap } from 'rxjs'
import type { Envelope } from '../envelope.ts'
import { DeliveryError, permanentError } from '../errors.ts'
import {
  type CompiledExpression,
  type ExpressionCompiler,
  ExpressionFailure,
} from '../expression/expression.ts'
import { truthy } from '../expression/semantics.ts'
import type { NodeCounters } from '../metrics/counters.ts'
import type { Emission } from './emission.ts'
import { inOrder } from './in-order.ts'
import { throttle } from './throttle.ts'

/** The processor nodes of a workflow, as the runtime reads them from the resolved spec. */
export type ProcessorNode =
  | { id: string; type: 'map'; expression: string }
  | { id: string; type: 'filter'; expression: string }
  | {
      id: string
      type: 'route'
      routes: readonly { name: string; when: string }[]
      otherwise: 'default' | 'drop'
    }
  | { id: string; type: 'throttle'; ratePerSecond: number; burst: number }

/** What a processor needs from the workflow around it. */
export interface ProcessorContext {
  readonly counters: NodeCounters
  readonly compile: ExpressionCompiler
  /** Fails one message permanently: to the error sink, or nacked at its source. */
  fail(envelope: Envelope, error: DeliveryError): void
}

/**
 * The RxJS operator of a processor node. Expressions are compiled here, once. Map replaces the
 * body with the expression's result; filter passes messages whose condition holds and acks the
 * others as filtered; route forks a message across every route whose condition holds (else the
 * `default` port, or acked as filtered with `otherwise: drop`); throttle delays, never drops. An
 * expression that fails for a message is a permanent error for that message.
 */
export function processorOperator(
  node: ProcessorNode,
  context: ProcessorContext,
): OperatorFunction<Envelope, Emission> {
  const { counters, fail } = context
  const failed = (envelope: Envelope, error: DeliveryError) => {
    counters.errors += 1
    fail(envelope, error)
  }
  const counted = (expression: CompiledExpression) => (envelope: Envelope) => {
    counters.in += 1
    return expression.evaluate(envelope.body)
  }
  switch (node.type) {
    case 'map': {
      const expression = context.compile(node.expression)
      return inOrder<Emission>(
        counted(expression),
        (envelope, result, out) => {
          if (result instanceof ExpressionFailure) return failed(envelope, withNode(result.error, node.id))
          if (result === undefined)
            return failed(
              envelope,
              permanentError(
                'processor.no-result',
                `map "${node.id}": the expression gave no value for this message, so there is no body to send`,
              ),
            )
          envelope.body = result
          counters.out += 1
          out.next(envelope)
        },
        unexpected,
      )
    }
    case 'filter': {
      const expression = context.compile(node.expression)
      return inOrder<Emission>(
        counted(expression),
        (envelope, result, out) => {
          if (result instanceof ExpressionFailure) return failed(envelope, withNode(result.error, node.id))
          if (truthy(result)) {
            counters.out += 1
            out.next(envelope)
          } else {
            counters.filtered += 1
            envelope.ackFiltered()
          }
        },
        unexpected,
      )
    }
    case 'route':
      return routeOperator(node, context, failed)
    case 'throttle':
      return pipe(
        tap(() => {
          counters.in += 1
        }),
        throttle(node),
        tap(() => {
          counters.out += 1
        }),
      )
  }
}

function routeOperator(
  node: Extract<ProcessorNode, { type: 'route' }>,
  context: ProcessorContext,
  failed: (envelope: Envelope, error: DeliveryError) => void,
): OperatorFunction<Envelope, Emission> {
  const { counters } = context
  const conditions: CompiledExpression[] = node.routes.map((r) => context.compile(r.when))
  const evaluate = (envelope: Envelope): unknown => {
    counters.in += 1
    const results = conditions.map((c) => c.evaluate(envelope.body))
    return results.some((r) => r instanceof Promise) ? Promise.all(results) : results
  }
  const handle = (envelope: Envelope, results: unknown, out: Subscriber<Emission>) => {
    const list = Array.isArray(results) ? results : [results]
    const failure = list.find((r) => r instanceof ExpressionFailure)
    if (failure instanceof ExpressionFailure) return failed(envelope, withNode(failure.error, node.id))
    const ports = node.routes.filter((_, i) => truthy(list[i])).map((r) => r.name)
    if (ports.length === 0 && node.otherwise === 'default') ports.push('default')
    if (ports.length === 0) {
      counters.filtered += 1
      envelope.ackFiltered()
      return
    }
    counters.out += 1
    const branches = envelope.fork(ports.length)
    ports.forEach((port, i) => {
      const branch = branches[i]
      if (branch) out.next({ port, envelope: branch })
    })
  }
  return inOrder<Emission>(evaluate, handle, unexpected)
}

function unexpected(reason: unknown): ExpressionFailure {
  return new ExpressionFailure(
    permanentError('processor.failed', `the processor failed: ${String(reason)}`, reason),
  )
}

function withNode(error: DeliveryError, node: string): DeliveryError {
  if (error.node !== undefined) return error
  return new DeliveryError(error.code, error.message, {
    permanent: error.permanent,
    node,
    cause: error.cause,
  })
}
