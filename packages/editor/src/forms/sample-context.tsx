import { createContext, useContext } from 'react'

/** A sample message body JSONata fields preview their result against, and what the node does with it. */
export interface SampleMessage {
  body: unknown
  /** `map`: the result is the new body; `filter` and `route`: the result decides where it goes. */
  use: 'map' | 'condition'
  /** Where the body comes from, e.g. `after map total`. */
  note?: string
}

export const SampleContext = createContext<SampleMessage | undefined>(undefined)

export function useSample(): SampleMessage | undefined {
  return useContext(SampleContext)
}
