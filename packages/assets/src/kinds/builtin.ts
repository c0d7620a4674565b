import { createRegistry } from '../spec/registry.ts'
import { connectionAws } from './connection-aws.ts'
import { deployment } from './deployment.ts'
import { resourceEnvironment } from './resource-environment.ts'
import { resourceSecret } from './resource-secret.ts'
import { sinkEventbridge } from './sink-eventbridge.ts'
import { sinkKinesis } from './sink-kinesis.ts'
import { sinkS3 } from './sink-s3.ts'
import { sinkSns } from './sink-sns.ts'
import { sinkSqs } from './sink-sqs.ts'
import { sourceS3 } from './source-s3.ts'
import { sourceSqs } from './source-sqs.ts'
import { workflow } from './workflow.ts'

/** Every built-in asset type, in the order the palette and docs show them. */
export const builtinTypes = [
  connectionAws,
  sourceS3,
  sourceSqs,
  sinkS3,
  sinkSns,
  sinkSqs,
  sinkKinesis,
  sinkEventbridge,
  resourceEnvironment,
  resourceSecret,
  workflow,
  deployment,
] as const

export type BuiltinType = (typeof builtinTypes)[number]
export type AssetKind = BuiltinType['kind']

/** The registry of built-in asset types. */
export const builtinRegistry = createRegistry(builtinTypes)
