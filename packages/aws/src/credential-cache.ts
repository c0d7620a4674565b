import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'

/** Tuning of {@link cacheCredentials}; the defaults are what every connection uses. */
export interface CredentialCacheOptions {
  /** The clock, in epoch milliseconds (injected by tests). */
  now?: () => number
  /** Credentials are refreshed once less than this much lifetime remains (default 60 s). */
  refreshWindowMs?: number
  /**
   * After a failed refresh, credentials that have not expired yet are served for this long before
   * the next attempt (default 5 s), so a failing STS is not called on every request.
   */
  retryAfterFailureMs?: number
}

/**
 * Caches the credentials `fetch` returns and refreshes them when less than a minute of lifetime is
 * left. Concurrent callers share one refresh. If a refresh fails while the cached credentials are
 * still valid, those are served until they expire; once expired, the refresh error is thrown.
 * Credentials without an expiration are fetched once.
 */
export function cacheCredentials(
  fetch: () => Promise<AwsCredentialIdentity>,
  options: CredentialCacheOptions = {},
): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now
  const refreshWindowMs = options.refreshWindowMs ?? 60_000
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 5_000
  let current: AwsCredentialIdentity | undefined
  let pending: Promise<AwsCredentialIdentity> | undefined
  let failedAt: number | undefined

  const remainingMs = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined ? Number.POSITIVE_INFINITY : credentials.expiration.getTime() - now()

  const refresh = (): Promise<AwsCredentialIdentity> => {
    pending ??= fetch()
      .then(
        (credentials) => {
          current = credentials
          failedAt = undefined
          return credentials
        },
        (error: unknown) => {
          failedAt = now()
          throw error
        },
      )
      .finally(() => {
        pending = undefined
      })
    return pending
  }

  return async () => {
    const cached = current
    if (cached !== undefined && remainingMs(cached) > refreshWindowMs) return cached
    const stillValid = cached !== undefined && remainingMs(cached) > 0
    if (stillValid && failedAt !== undefined && now() - failedAt < retryAfterFailureMs) return cached
    try {
      return await refresh()
    } catch (error) {
      if (cached !== undefined && remainingMs(cached) > 0) return cached
      throw error
    }
  }
}
