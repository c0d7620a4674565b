import { createRegistry } from '../spec/registry.ts'
import { connectionAws } from './connection-aws.ts'
import { deployment } from './deployment.ts'
import { workflow } from './workflow.ts'

/** Every built-in asset type, in the order the palette and docs show them. */
export const builtinTypes = [connectionAws, workflow, deployment] as const

export type BuiltinType = (typeof builtinTypes)[number]
export type AssetKind = BuiltinType['kind']

/** The registry of built-in asset types. */
export const builtinRegistry = createRegistry(builtinTypes)
