import type { ExternalChange } from '../hooks/use-external-changes.ts'

/** Tells the user the open asset changed elsewhere, and lets them take that version or keep theirs. */
export function ExternalChangeBanner(props: { change: ExternalChange; dirty: boolean; onReload(): void }) {
  const { change } = props
  if (!change) return null
  if (change.kind === 'deleted')
    return (
      <div className="banner banner-error" role="alert">
        This asset was deleted elsewhere (its file is gone). Save to create it again, or leave the page.
      </div>
    )
  return (
    <div className="banner banner-warn" role="alert">
      {props.dirty
        ? 'This asset changed elsewhere (its file on disk, or another user) while you were editing. Your changes are kept; saving will ask before overwriting.'
        : 'This asset changed elsewhere (its file on disk, or another user).'}{' '}
      <button type="button" className="button small" onClick={props.onReload}>
        {props.dirty ? 'Load theirs (drop mine)' : 'Load the new version'}
      </button>
    </div>
  )
}
