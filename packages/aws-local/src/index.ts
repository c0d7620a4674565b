export type {
  AwsService,
  BaseClientConfig,
  KinesisLocalClientConfig,
  LocalAwsEndpoints,
  S3LocalClientConfig,
  StaticCredentials,
} from './client-config.ts'
export { clientConfigFor } from './client-config.ts'
export type { FaultKind, FaultRates } from './fault-proxy/faults.ts'
export { type FaultProxy, type FaultProxyOptions, startFaultProxy } from './fault-proxy/proxy.ts'
export type { FaultStats } from './fault-proxy/stats.ts'
export type { CallInfo } from './fault-proxy/wire.ts'
export { type Fauxqs, startFauxqs } from './fauxqs.ts'
export { type Kinesalite, kinesisClientConfig, startKinesalite } from './kinesalite.ts'
export * from './resources.ts'
export {
  LOCAL_ACCOUNT,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalAws,
  type LocalAwsOptions,
  startLocalAws,
} from './stack.ts'
export type { RecordedEvent } from './stand-in/eventbridge-state.ts'
export type { IssuedSession, RoleRule } from './stand-in/roles.ts'
export type { RolesAnywhereOptions } from './stand-in/roles-anywhere.ts'
export { type StandIn, type StandInOptions, startStandIn } from './stand-in/server.ts'
export { createTestPki, type TestCertificate, type TestPki } from './test-pki.ts'
