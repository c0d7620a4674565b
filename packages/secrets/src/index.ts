export * from './keyring.ts'
export * from './keys.ts'
export * from './seal.ts'
