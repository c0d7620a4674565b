import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Fauxqs, startFauxqs } from './fauxqs.ts'
import { errorOf } from './test-helpers.ts'

let fauxqs: Fauxqs
let s3: S3Client

beforeAll(async () => {
  fauxqs = await startFauxqs()
  s3 = new S3Client({
    endpoint: fauxqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
    maxAttempts: 1,
  })
  await s3.send(new CreateBucketCommand({ Bucket: 'hooks' }))
}, 30_000)

afterAll(async () => {
  s3?.destroy()
  await fauxqs?.stop()
})

async function text(key: string): Promise<string | undefined> {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'hooks', Key: key }))
  return got.Body?.transformToString()
}

function put(
  key: string,
  body: string,
  extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {},
) {
  return s3.send(new PutObjectCommand({ Bucket: 'hooks', Key: key, Body: body, ...extra }))
}

describe('fauxqs conditional writes', () => {
  it('If-Match: current ETag wins, a stale one is 412, a missing key 404 NoSuchKey', async () => {
    const first = await put('cas', 'v1')
    const second = await put('cas', 'v2', { IfMatch: first.ETag })
    expect(await errorOf(put('cas', 'v3', { IfMatch: first.ETag }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    })
    expect(await text('cas')).toBe('v2')
    await put('cas', 'v4', { IfMatch: second.ETag })
    expect(await text('cas')).toBe('v4')
    expect(await errorOf(put('nothing-here', 'x', { IfMatch: '"abc"' }))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    })
    const noBucket = s3.send(
      new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x', IfMatch: '"a"' }),
    )
    expect((await errorOf(noBucket)).name).toBe('NoSuchBucket')
  })

  it('If-None-Match: * lets exactly one of 20 concurrent puts win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => put('race', `owner-${i}`, { IfNoneMatch: '*' })),
    )
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
    expect(winners).toHaveLength(1)
    const losers = await Promise.all(
      results.filter((r) => r.status === 'rejected').map((r) => errorOf(Promise.reject(r.reason))),
    )
    expect(new Set(losers.map((l) => `${l.name}/${l.status}`))).toEqual(new Set(['PreconditionFailed/412']))
    expect(await text('race')).toBe(`owner-${winners[0]}`)
  })

  it('If-None-Match other than * is 501 NotImplemented', async () => {
    expect(await errorOf(put('etag-none', 'x', { IfNoneMatch: '"abc"' }))).toEqual({
      name: 'NotImplemented',
      status: 501,
    })
  })

  it('applies If-None-Match and If-Match to CompleteMultipartUpload', async () => {
    await put('mpu', 'existing')
    const complete = async (extra: { IfNoneMatch?: string; IfMatch?: string }) => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'hooks', Key: 'mpu' }))
      const part = await s3.send(
        new UploadPartCommand({ Bucket: 'hooks', Key: 'mpu', UploadId, PartNumber: 1, Body: 'multipart' }),
      )
      return s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'hooks',
          Key: 'mpu',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
          ...extra,
        }),
      )
    }
    expect((await errorOf(complete({ IfNoneMatch: '*' }))).name).toBe('PreconditionFailed')
    expect((await errorOf(complete({ IfMatch: '"stale"' }))).name).toBe('PreconditionFailed')
    expect(await text('mpu')).toBe('existing')
    await complete({})
    expect(await text('mpu')).toBe('multipart')
  })
})

describe('fauxqs tagging hooks', () => {
  it('keeps tags through GetObject (TagCount), resets them on overwrite, 404s on a missing key', async () => {
    await put('t1', 'body', { Tagging: 'a=1&b=2' })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'hooks', Key: 't1' }))
    expect(got.TagCount).toBe(2)
    expect(await got.Body?.transformToString()).toBe('body')
    await put('t1', 'body2')
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'hooks', Key: 't1' }))).TagSet).toEqual([])
    const missing = s3.send(new GetObjectTaggingCommand({ Bucket: 'hooks', Key: 'absent' }))
    expect(await errorOf(missing)).toEqual({ name: 'NoSuchKey', status: 404 })
  })

  it('copies tags on CopyObject unless the directive is REPLACE', async () => {
    await put('src', 'copy me', { Tagging: 'origin=src' })
    await s3.send(new CopyObjectCommand({ Bucket: 'hooks', Key: 'copy1', CopySource: 'hooks/src' }))
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'hooks',
        Key: 'copy2',
        CopySource: 'hooks/src',
        TaggingDirective: 'REPLACE',
        Tagging: 'origin=replaced',
      }),
    )
    const tagsOf = async (key: string) =>
      (await s3.send(new GetObjectTaggingCommand({ Bucket: 'hooks', Key: key }))).TagSet
    expect(await tagsOf('copy1')).toEqual([{ Key: 'origin', Value: 'src' }])
    expect(await tagsOf('copy2')).toEqual([{ Key: 'origin', Value: 'replaced' }])
    expect(await text('copy2')).toBe('copy me')
    const guarded = s3.send(
      new CopyObjectCommand({ Bucket: 'hooks', Key: 'copy1', CopySource: 'hooks/src', IfNoneMatch: '*' }),
    )
    expect((await errorOf(guarded)).name).toBe('PreconditionFailed')
  })

  it('carries x-amz-tagging of CreateMultipartUpload to the completed object', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'hooks', Key: 'mpu-tags', Tagging: 'stage=raw' }),
    )
    const part = await s3.send(
      new UploadPartCommand({ Bucket: 'hooks', Key: 'mpu-tags', UploadId, PartNumber: 1, Body: 'data' }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'hooks',
        Key: 'mpu-tags',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    )
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'hooks', Key: 'mpu-tags' }))
    expect(tags.TagSet).toEqual([{ Key: 'stage', Value: 'raw' }])
  })

  it('drops tags with DeleteObjects and rejects more than 10 tags', async () => {
    await put('gone', 'x', { Tagging: 'k=v' })
    await s3.send(new DeleteObjectsCommand({ Bucket: 'hooks', Delete: { Objects: [{ Key: 'gone' }] } }))
    expect(fauxqs.tags.get('hooks', 'gone')).toEqual([])
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await put('many', 'x')
    const rejected = s3.send(
      new PutObjectTaggingCommand({ Bucket: 'hooks', Key: 'many', Tagging: { TagSet: tooMany } }),
    )
    expect((await errorOf(rejected)).status).toBe(400)
    expect(await text('many')).toBe('x')
  })
})
