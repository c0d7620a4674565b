import { builtinRegistry } from '@sluice/assets'
import { useEffect } from 'react'
import { useProject } from '../app/project.tsx'
import { Link, useLeaveWarning, useRouter } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useApi, useSession } from '../app/session.tsx'
import { formModelOf } from '../forms/form-model.ts'
import { SchemaForm } from '../forms/SchemaForm.tsx'
import { useMacroNames } from '../hooks/use-macro-names.ts'
import { useStoreSecret } from '../hooks/use-store-secret.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { AssetActions } from './AssetActions.tsx'
import { AssetStatus } from './AssetStatus.tsx'
import { ConflictDialog } from './ConflictDialog.tsx'
import { ExternalChangeBanner } from './ExternalChangeBanner.tsx'
import { MetadataFields } from './MetadataFields.tsx'
import { PreviewEnvironment } from './PreviewEnvironment.tsx'
import { SecretValuesEditor } from './SecretValuesEditor.tsx'
import { TestPanel } from './TestPanel.tsx'
import { UploadDropZone } from './UploadDropZone.tsx'
import { UsageList } from './UsageList.tsx'
import { useAssetEditor } from './use-asset-editor.ts'

const TESTABLE = /^(connection|source|sink)\./

/** The page of one asset: its generated form, issues at the fields, usage, test and upload. */
export function AssetEditor(props: { kind: string; name?: string }) {
  const { kind, name } = props
  const api = useApi()
  const project = useProject()
  const { can } = useSession()
  const { navigate } = useRouter()
  const editor = useAssetEditor(kind, name)
  const macros = useMacroNames()
  const storeSecret = useStoreSecret(macros.reload)
  const type = builtinRegistry.get(kind)
  const readOnly = !can('assets.write')
  const isNew = name === undefined
  useLeaveWarning(
    `asset:${kind}/${name ?? 'new'}`,
    editor.dirty && !readOnly ? 'This asset has unsaved changes.' : undefined,
  )

  const save = async () => {
    const saved = await editor.save()
    if (saved && isNew) navigate(routeOfAsset(saved.kind, saved.name), { replace: true, force: true })
    return saved !== undefined
  }
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 's') {
        event.preventDefault()
        if (!readOnly) void save()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (!type) return <ErrorMessage error={new Error(`Unknown asset kind "${kind}"`)} />
  if (editor.loadError)
    return <ErrorMessage error={editor.loadError} title={`${kind} ${name ?? ''} could not be loaded`} />
  if (!isNew && !editor.loaded) return <p className="muted">Loading…</p>
  const { loaded } = editor
  return (
    <main className="asset-page">
      <div className="page-header">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to={{ page: 'assets' }}>Assets</Link> /{' '}
          <Link to={{ page: 'assets', kind }}>{type.title}</Link> /{' '}
        </nav>
        <h1>{isNew ? `New ${type.title}` : name}</h1>
        {loaded && <AssetStatus asset={loaded} />}
        <span className="spacer" />
        {editor.dirty && !readOnly && <span className="unsaved">Unsaved changes</span>}
        {!readOnly && (
          <button
            type="button"
            className="button primary"
            disabled={editor.saving.saving || (!editor.dirty && !isNew)}
            onClick={() => void save()}
          >
            {editor.saving.saving ? 'Saving…' : isNew ? 'Create' : 'Save'}
          </button>
        )}
        {loaded && (
          <AssetActions
            asset={loaded}
            onRenamed={(renamed) => navigate(routeOfAsset(kind, renamed), { replace: true, force: true })}
            onDeleted={() => navigate({ page: 'assets' }, { replace: true, force: true })}
          />
        )}
      </div>
      <p className="muted">{type.summary}</p>
      <ExternalChangeBanner change={editor.external} dirty={editor.dirty} onReload={editor.discard} />
      {editor.saving.error !== undefined && (
        <ErrorMessage
          error={editor.saving.error}
          title="Not saved"
          issuesShownElsewhere={kind !== 'resource.secret'}
        />
      )}
      <div className="asset-columns">
        <div className="asset-form">
          <MetadataFields value={editor.meta} onChange={editor.setMeta} isNew={isNew} readOnly={readOnly} />
          {kind === 'resource.secret' ? (
            <SecretValuesEditor
              spec={editor.spec}
              onChange={editor.setSpec}
              isNew={isNew}
              readOnly={readOnly}
            />
          ) : (
            <>
              <PreviewEnvironment macros={macros} />
              <SchemaForm
                model={formModelOf(kind)}
                spec={editor.spec}
                onChange={editor.setSpec}
                issues={editor.issues}
                idPrefix="spec"
                readOnly={readOnly}
                macroNames={macros.names}
                previewIn={macros.environment || undefined}
                assets={project.assets}
                listing={(connection, listingKind, query) =>
                  api.assets.listing(connection, listingKind, query)
                }
                storeSecret={storeSecret}
                openAsset={(k, n) => navigate(routeOfAsset(k, n))}
              />
            </>
          )}
        </div>
        {loaded && (
          <aside className="asset-side">
            {TESTABLE.test(kind) && (
              <TestPanel asset={loaded} dirty={editor.dirty} saveFirst={save} onTested={editor.refresh} />
            )}
            {kind === 'source.s3' && (
              <UploadDropZone source={loaded.name} disabled={editor.dirty || !can('assets.test')} />
            )}
            <UsageList kind={kind} name={loaded.name} version={loaded.version} />
            <section className="panel" aria-label="File">
              <h2>File</h2>
              <p>
                <code>{loaded.file}</code>
              </p>
              <p className="muted">version {loaded.version}</p>
            </section>
          </aside>
        )}
      </div>
      {editor.saving.conflict && (
        <ConflictDialog
          what={`${type.title} “${editor.meta.name}”`}
          onReload={editor.discard}
          onOverwrite={() => void editor.overwrite()}
          onCancel={editor.saving.clearConflict}
        />
      )}
    </main>
  )
}
