import type { SpecOf, sourceS3 } from '@sluice/assets'
import { permanentError } from '../../runtime/errors.ts'
import type { ObjectRef, S3Api } from './s3-api.ts'

/** The `afterRead` of a `source.s3` spec. */
export type AfterRead = SpecOf<typeof sourceS3>['afterRead']

/** S3 allows at most 10 tags per object. */
const MAX_TAGS = 10

/** Where `move` puts an object: the destination prefix plus the key's part after the source prefix. */
export function movedKey(key: string, sourcePrefix: string, destinationPrefix: string): string {
  return destinationPrefix + (key.startsWith(sourcePrefix) ? key.slice(sourcePrefix.length) : key)
}

/**
 * Applies the after-read policy to an object once every record of it is settled and none failed:
 * `keep` does nothing here (the caller stores a checkpoint), `delete` deletes it, `move` copies it
 * to the destination then deletes it, `tag` adds or replaces one tag, keeping the others. Rejects
 * with the SDK's error, or `source.too-many-tags` when the object already has 10 other tags.
 */
export async function applyAfterRead(
  api: S3Api,
  policy: AfterRead,
  object: ObjectRef,
  sourcePrefix: string,
): Promise<void> {
  switch (policy.action) {
    case 'keep':
      return
    case 'delete':
      await api.delete(object.bucket, object.key)
      return
    case 'move': {
      const to = {
        bucket: policy.bucket ?? object.bucket,
        key: movedKey(object.key, sourcePrefix, policy.prefix),
      }
      await api.copy({ bucket: object.bucket, key: object.key }, to)
      await api.delete(object.bucket, object.key)
      return
    }
    case 'tag': {
      const others = (await api.tags(object.bucket, object.key)).filter((t) => t.key !== policy.key)
      if (others.length >= MAX_TAGS)
        throw permanentError(
          'source.too-many-tags',
          `${object.key} already has ${others.length} tags, the most S3 allows; the tag "${policy.key}" cannot be added`,
        )
      await api.putTags(object.bucket, object.key, [...others, { key: policy.key, value: policy.value }])
      return
    }
  }
}
