import type { Principal } from './credentials.ts'
import { parseRoleArn } from './credentials.ts'

/** What the stand-in enforces for one role, keyed by role name or role ARN. */
export interface RoleRule {
  /** AssumeRole must carry exactly this ExternalId. */
  readonly externalId?: string
  /** Upper bound for DurationSeconds (default 43200). */
  readonly maxSessionDurationSeconds?: number
  /** Every AssumeRole on this role is AccessDenied (the role name `deny-me` always is). */
  readonly deny?: boolean
  /**
   * Credentials issued for this role expire after this many seconds, whatever duration was asked
   * for, so a test can watch them being refreshed.
   */
  readonly sessionSeconds?: number
  /** AssumeRoleWithWebIdentity must carry a token whose `sub` claim is exactly this. */
  readonly subject?: string
  /** IAM actions refused to sessions of this role, e.g. `events:DescribeEventBus`. */
  readonly deniedActions?: readonly string[]
}

/** Role rules keyed by role name or ARN. */
export type RoleRules = Readonly<Record<string, RoleRule>>

/** The rule of a role, looked up by ARN first, then by name. */
export function roleRuleFor(roles: RoleRules, roleArn: string): RoleRule {
  const name = parseRoleArn(roleArn)?.roleName
  return roles[roleArn] ?? (name === undefined ? undefined : roles[name]) ?? {}
}

/** Whether `principal` is an assumed-role session whose role refuses `action`. */
export function isDenied(roles: RoleRules, principal: Principal, action: string): boolean {
  const role = principal.assumedRole?.roleArn
  return role !== undefined && (roleRuleFor(roles, role).deniedActions ?? []).includes(action)
}

/** One set of temporary credentials the stand-in issued, for tests to inspect. */
export interface IssuedSession {
  readonly action: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'CreateSession'
  readonly roleArn: string
  readonly sessionName: string
  readonly accessKeyId: string
  readonly expiration: string
  /** ARN of the principal that signed the call, when it was signed by credentials. */
  readonly callerArn?: string
  /** The web identity token's `sub`, or the certificate subject for CreateSession. */
  readonly subject?: string
}
