import { createContext, useContext } from 'react'

/** Inside table cells: labels stay for screen readers only, and help text moves to the column header. */
export const CompactContext = createContext(false)

export function useCompact(): boolean {
  return useContext(CompactContext)
}
