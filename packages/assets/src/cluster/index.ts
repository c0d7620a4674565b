export * from './bundle.ts'
export * from './metrics.ts'
export * from './probe-report.ts'
export * from './protocol.ts'
