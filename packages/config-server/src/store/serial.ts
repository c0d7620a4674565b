/** Runs async tasks one at a time, in the order they were queued. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>
}

/** Makes a queue whose tasks never overlap; a failing task does not stop the ones after it. */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task)
      tail = result.catch(() => undefined)
      return result
    },
  }
}
