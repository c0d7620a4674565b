import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

function memoryFor(cost: number, blockSize: number): number {
  return 128 * cost * blockSize * 2
}

/**
 * Hashes a password with scrypt (`node:crypto`) and a random salt: `scrypt$N$r$p$salt$hash`, so a
 * later change of cost still verifies older hashes. `cost` (N) is a power of two; 2^16 by default.
 */
export async function hashPassword(password: string, cost = 2 ** 16): Promise<string> {
  const salt = randomBytes(16)
  const blockSize = 8
  const key = await derive(password, salt, {
    N: cost,
    r: blockSize,
    p: 1,
    maxmem: memoryFor(cost, blockSize),
  })
  return ['scrypt', cost, blockSize, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** True when `password` matches a hash made by {@link hashPassword}; false for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  const cost = Number(n)
  const blockSize = Number(r)
  const parallel = Number(p)
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  if (![cost, blockSize, parallel].every((v) => Number.isInteger(v) && v > 0)) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: cost,
    r: blockSize,
    p: parallel,
    maxmem: memoryFor(cost, blockSize),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random password for the first admin, printed once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}
