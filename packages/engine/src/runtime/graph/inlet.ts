import { Observable, type Subscriber } from 'rxjs'

/**
 * The input of a workflow node: links push envelopes in, the node's operator chain subscribes
 * once. Unlike a `Subject` it allocates nothing per value and keeps nothing: a value pushed while
 * no one is subscribed is handed to `orphaned` so it can be settled, never dropped silently.
 */
export class Inlet<T> {
  readonly observable: Observable<T>
  private subscriber: Subscriber<T> | undefined
  private readonly orphaned: (value: T) => void

  constructor(orphaned: (value: T) => void) {
    this.orphaned = orphaned
    this.observable = new Observable<T>((subscriber) => {
      if (this.subscriber) throw new Error('a node input takes one subscriber')
      this.subscriber = subscriber
      return () => {
        this.subscriber = undefined
      }
    })
  }

  push(value: T): void {
    const subscriber = this.subscriber
    if (subscriber) subscriber.next(value)
    else this.orphaned(value)
  }
}
