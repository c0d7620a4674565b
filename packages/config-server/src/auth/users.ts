import { join } from 'node:path'
import { type NewUser, type UserChange, UserView } from '@sluice/assets'
import { type Static, Type } from 'typebox'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'
import { createSerialQueue } from '../store/serial.ts'
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts'

const UserRecord = Type.Object({
  ...UserView.properties,
  passwordHash: Type.String(),
  /** Bumped when the password changes or the user is disabled: older sessions end. */
  epoch: Type.Integer(),
})
type UserRecord = Static<typeof UserRecord>
const UsersFile = Type.Object({ users: Type.Array(UserRecord) })

/** What the first start does when there is no user yet. */
export interface BootstrapOptions {
  /** The first admin's password, e.g. from `SLUICE_ADMIN_PASSWORD`; generated when absent. */
  adminPassword?: string
  /** Told the generated password once, to print it; never called when a password was given. */
  onGeneratedPassword?(username: string, password: string): void
}

/** The users of the server, with scrypt password hashes, in `users.json` of the data directory (mode 0600). */
export class UserStore {
  readonly #path: string
  readonly #cost: number
  readonly #dummyHash: string
  readonly #queue = createSerialQueue()
  #users: UserRecord[]

  private constructor(path: string, users: UserRecord[], cost: number, dummyHash: string) {
    this.#path = path
    this.#users = users
    this.#cost = cost
    this.#dummyHash = dummyHash
  }

  /** Loads the users; on first run creates `admin` with the given or a generated password. */
  static async open(
    dataDir: string,
    options: BootstrapOptions & { passwordCost: number },
  ): Promise<UserStore> {
    const path = join(dataDir, 'users.json')
    const file = await readJsonFile(path, UsersFile, { users: [] })
    const dummyHash = await hashPassword(generatePassword(), options.passwordCost)
    const store = new UserStore(path, file.users, options.passwordCost, dummyHash)
    if (file.users.length === 0) {
      const password = options.adminPassword ?? generatePassword()
      await store.create({ username: 'admin', role: 'admin', password })
      if (options.adminPassword === undefined) options.onGeneratedPassword?.('admin', password)
    }
    return store
  }

  list(): UserView[] {
    return this.#users.map(info)
  }

  get(username: string): (UserView & { epoch: number }) | undefined {
    const user = this.#users.find((u) => u.username === username)
    return user ? { ...info(user), epoch: user.epoch } : undefined
  }

  /**
   * Checks a password. Takes as long for an unknown user as for a known one, so timing does not
   * tell which usernames exist. Disabled users never match.
   */
  async verify(username: string, password: string): Promise<UserView | undefined> {
    const user = this.#users.find((u) => u.username === username)
    const ok = await verifyPassword(password, user?.passwordHash ?? this.#dummyHash)
    return ok && user && !user.disabled ? info(user) : undefined
  }

  create(input: NewUser): Promise<UserView> {
    return this.#queue.run(async () => {
      if (this.#users.some((u) => u.username === input.username))
        throw new ServiceError('user.exists', `a user named "${input.username}" exists`)
      const record: UserRecord = {
        username: input.username,
        role: input.role,
        passwordHash: await hashPassword(input.password, this.#cost),
        disabled: false,
        createdAt: new Date().toISOString(),
        epoch: 0,
      }
      await this.#save([...this.#users, record])
      return info(record)
    })
  }

  /** Changes role, password or disabled; the last enabled admin cannot lose that status. */
  update(username: string, change: UserChange): Promise<UserView> {
    return this.#queue.run(async () => {
      const user = this.#users.find((u) => u.username === username)
      if (!user) throw new ServiceError('user.not-found', `no user named "${username}"`)
      const next: UserRecord = {
        ...user,
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
        ...(change.password === undefined
          ? {}
          : { passwordHash: await hashPassword(change.password, this.#cost) }),
        epoch:
          change.password !== undefined || change.disabled === true || change.role !== undefined
            ? user.epoch + 1
            : user.epoch,
      }
      const users = this.#users.map((u) => (u.username === username ? next : u))
      this.#requireAdmin(users)
      await this.#save(users)
      return info(next)
    })
  }

  remove(username: string): Promise<void> {
    return this.#queue.run(async () => {
      if (!this.#users.some((u) => u.username === username))
        throw new ServiceError('user.not-found', `no user named "${username}"`)
      const users = this.#users.filter((u) => u.username !== username)
      this.#requireAdmin(users)
      await this.#save(users)
    })
  }

  #requireAdmin(users: readonly UserRecord[]): void {
    if (!users.some((u) => u.role === 'admin' && !u.disabled))
      throw new ServiceError(
        'user.last-admin',
        'the last enabled admin cannot be removed, disabled or demoted',
      )
  }

  async #save(users: UserRecord[]): Promise<void> {
    await writeJsonFile(this.#path, { users })
    this.#users = users
  }
}

function info(user: UserRecord): UserView {
  return { username: user.username, role: user.role, disabled: user.disabled, createdAt: user.createdAt }
}
