import { ApiError } from '../api/http.ts'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'

/**
 * Seals one value into a Secret resource (making the resource when it does not exist): the
 * plaintext goes to the server once, which seals it at once; the other values are kept.
 */
export function useStoreSecret(
  onStored: () => void,
): (resource: string, key: string, value: string) => Promise<void> {
  const api = useApi()
  const project = useProject()
  return async (resource, key, value) => {
    const spec = { values: { [key]: { value } } }
    const write = async (version: string, requiredRoles: string[], description: string | undefined) =>
      api.assets.update(
        {
          kind: 'resource.secret',
          name: resource,
          requiredRoles,
          spec,
          ...(description === undefined ? {} : { description }),
        },
        version,
      )
    const known = project.find('resource.secret', resource)
    if (!known) await api.assets.create({ kind: 'resource.secret', name: resource, spec })
    else
      try {
        await write(known.version, known.requiredRoles, known.description)
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error
        const latest = await api.assets.get('resource.secret', resource)
        await write(latest.version, latest.requiredRoles, latest.description)
      }
    project.reload()
    onStored()
  }
}
