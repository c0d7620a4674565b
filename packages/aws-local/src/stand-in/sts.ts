import { type CredentialStore, type IssuedCredentials, type Principal, parseRoleArn } from './credentials.ts'
import { StandInError } from './errors.ts'
import { type IssuedSession, type RoleRule, type RoleRules, roleRuleFor } from './roles.ts'
import { queryResponse, type XmlTree } from './sts-xml.ts'

export type { RoleRule } from './roles.ts'

/** Options of the STS handler. */
export interface StsOptions {
  readonly store: CredentialStore
  readonly roles?: RoleRules
  /** Told about every set of credentials issued. */
  readonly onIssue?: (session: IssuedSession) => void
}

/** STS actions that AWS serves without a signature. */
export const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity'])

const SESSION_NAME = /^[\w+=,.@-]*$/

function validation(message: string): StandInError {
  return new StandInError('ValidationError', message)
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name)
  if (value === null || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1)
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    )
  }
  return value
}

function credentialsXml(issued: IssuedCredentials): XmlTree {
  return {
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: issued.expiration.toISOString(),
    },
    AssumedRoleUser: { AssumedRoleId: issued.principal.userId, Arn: issued.principal.arn },
  }
}

function decodeJwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  if (payload === undefined) return {}
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null ? Object.fromEntries(Object.entries(claims)) : {}
  } catch {
    return {}
  }
}

/**
 * Creates the STS query-protocol handler: GetCallerIdentity, AssumeRole and
 * AssumeRoleWithWebIdentity. Returns the XML body, or throws a {@link StandInError}.
 */
export function createStsHandler(options: StsOptions) {
  const { store, roles = {} } = options

  function assume(
    params: URLSearchParams,
    caller: Principal | undefined,
    action: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
    check: (rule: RoleRule) => boolean = () => true,
    subject?: string,
  ): IssuedCredentials {
    const roleArn = required(params, 'RoleArn')
    const sessionName = required(params, 'RoleSessionName')
    const role = parseRoleArn(roleArn)
    if (role === undefined || roleArn.length < 20) throw validation(`${roleArn} is invalid`)
    if (sessionName.length < 2 || sessionName.length > 64) {
      throw validation(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64`,
      )
    }
    if (!SESSION_NAME.test(sessionName)) {
      throw validation(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      )
    }
    const rule = roleRuleFor(roles, roleArn)
    const duration = Number(params.get('DurationSeconds') ?? '3600')
    const max = rule.maxSessionDurationSeconds ?? 43200
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validation(
        `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
      )
    }
    if (duration > max)
      throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
    if (caller?.assumedRole !== undefined && duration > 3600) {
      throw validation(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      )
    }
    const externalId = params.get('ExternalId') ?? undefined
    const wrongExternalId = rule.externalId !== undefined && rule.externalId !== externalId
    if (role.roleName === 'deny-me' || rule.deny === true || wrongExternalId || !check(rule)) {
      const who = caller?.arn ?? 'arn:aws:sts::anonymous'
      throw new StandInError(
        'AccessDenied',
        `User: ${who} is not authorized to perform: sts:${action} on resource: ${roleArn}`,
        403,
      )
    }
    const issued = store.issue(roleArn, sessionName, rule.sessionSeconds ?? duration)
    options.onIssue?.({
      action,
      roleArn,
      sessionName,
      accessKeyId: issued.accessKeyId,
      expiration: issued.expiration.toISOString(),
      ...(caller === undefined ? {} : { callerArn: caller.arn }),
      ...(subject === undefined ? {} : { subject }),
    })
    return issued
  }

  const actions: Record<string, (params: URLSearchParams, caller: Principal | undefined) => string> = {
    GetCallerIdentity: (_params, caller) => {
      if (caller === undefined)
        throw new StandInError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
      return queryResponse('GetCallerIdentity', {
        Arn: caller.arn,
        UserId: caller.userId,
        Account: caller.account,
      })
    },
    AssumeRole: (params, caller) =>
      queryResponse('AssumeRole', credentialsXml(assume(params, caller, 'AssumeRole'))),
    AssumeRoleWithWebIdentity: (params, caller) => {
      const token = required(params, 'WebIdentityToken')
      const claims = decodeJwtClaims(token)
      const text = (key: string): string | undefined => {
        const value = claims[key]
        return typeof value === 'string' ? value : undefined
      }
      const subject = text('sub')
      const issued = assume(
        params,
        caller,
        'AssumeRoleWithWebIdentity',
        (rule) => rule.subject === undefined || rule.subject === subject,
        subject,
      )
      return queryResponse('AssumeRoleWithWebIdentity', {
        ...credentialsXml(issued),
        SubjectFromWebIdentityToken: subject ?? 'stand-in-subject',
        Provider: params.get('ProviderId') ?? text('iss') ?? 'stand-in-provider',
        Audience: text('aud') ?? 'sts.amazonaws.com',
      })
    },
  }

  return (params: URLSearchParams, caller: Principal | undefined): string => {
    const action = params.get('Action') ?? ''
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined
    if (handler === undefined) {
      throw new StandInError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`)
    }
    return handler(params, caller)
  }
}
