import type { PresignedUpload } from '@sluice/assets'
import { type DragEvent, useRef, useState } from 'react'
import { useApi } from '../app/session.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { bytes } from '../ui/format.ts'

type Upload =
  | { state: 'idle' }
  | { state: 'sending'; file: string; loaded: number; total: number }
  | { state: 'done'; file: string; key: string; bucket: string }
  | { state: 'failed'; error: unknown }

/** Sends a file with progress events; XMLHttpRequest because fetch reports no upload progress. */
function put(
  target: PresignedUpload,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', target.url)
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size)
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new Error(`S3 refused the upload (${xhr.status}): ${xhr.responseText.slice(0, 300)}`))
    xhr.onerror = () =>
      reject(
        new Error(
          'The upload did not reach S3. The bucket may need a CORS rule allowing PUT from this origin.',
        ),
      )
    xhr.send(file)
  })
}

/**
 * "Upload test object" for an S3 source: a file dropped here (or chosen) goes straight to the
 * source's bucket and prefix through a presigned PUT from the server, with a progress bar.
 */
export function UploadDropZone(props: { source: string; disabled: boolean }) {
  const api = useApi()
  const input = useRef<HTMLInputElement>(null)
  const [upload, setUpload] = useState<Upload>({ state: 'idle' })
  const [over, setOver] = useState(false)

  const send = async (file: File) => {
    setUpload({ state: 'sending', file: file.name, loaded: 0, total: file.size })
    try {
      const target = await api.assets.presignUpload(
        props.source,
        file.name,
        file.type || 'application/octet-stream',
      )
      await put(target, file, (loaded, total) =>
        setUpload({ state: 'sending', file: file.name, loaded, total }),
      )
      setUpload({ state: 'done', file: file.name, key: target.key, bucket: target.bucket })
    } catch (error) {
      setUpload({ state: 'failed', error })
    }
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    const file = event.dataTransfer.files[0]
    if (file && !props.disabled) void send(file)
  }
  return (
    <section className="panel" aria-label="Upload test object">
      <h2>Upload test object</h2>
      <section
        aria-label="Drop a file to upload"
        className={over ? 'drop-zone over' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop a file here to put it in the source's bucket and prefix.</p>
        <button
          type="button"
          className="button"
          disabled={props.disabled || upload.state === 'sending'}
          onClick={() => input.current?.click()}
        >
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label="File to upload"
          onChange={(event) => {
            const file = event.target.files?.[0]
            if (file) void send(file)
            event.target.value = ''
          }}
        />
        {props.disabled && <p className="muted">Save the source first.</p>}
      </section>
      {upload.state === 'sending' && (
        <div className="upload-progress">
          <progress max={upload.total || 1} value={upload.loaded} aria-label={`Uploading ${upload.file}`} />
          <span>
            {upload.file}: {bytes(upload.loaded)} of {bytes(upload.total)}
          </span>
        </div>
      )}
      {upload.state === 'done' && (
        <p className="ok-text" role="status">
          Uploaded to <code>{`s3://${upload.bucket}/${upload.key}`}</code>
        </p>
      )}
      {upload.state === 'failed' && <ErrorMessage error={upload.error} title="Upload failed" />}
    </section>
  )
}
