/** One IAM policy statement, as AWS writes it. */
export interface IamStatement {
  Sid?: string
  Effect: 'Allow'
  Action: string[]
  Resource: string[]
  /** Narrows the statement further, e.g. `{ StringLike: { 's3:prefix': ['in/*'] } }` on ListBucket. */
  Condition?: Record<string, Record<string, string[]>>
}

/** The account and region an asset's ARNs are built in, taken from its connection. */
export interface IamContext {
  partition: string
  region: string
  /** The account id, or `*` when the connection does not state one. */
  account: string
}
