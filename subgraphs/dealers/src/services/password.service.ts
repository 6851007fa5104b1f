import { hash, verify, type Algorithm } from '@node-rs/argon2';

// `Algorithm` is a const enum in the typings; spelled as its value so transpilers that cannot
// inline const enums (vitest's esbuild) still work.
const ARGON2ID = 2 as Algorithm;

/** argon2id parameters: the OWASP minimum (19 MiB, 2 passes, 1 lane), about 20–40 ms per hash. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Password hashing with argon2id; hashes are PHC strings that carry their own salt and parameters. */
export class PasswordService {
  private dummy?: Promise<string>;

  /** Hashes a password with a fresh random salt. */
  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** True when `password` matches `passwordHash`; false (never an error) for a malformed hash. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real check, for usernames that do not exist, so response times
   * do not tell which usernames are taken.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('no-such-user-dummy-password');
    await this.verify(await this.dummy, password);
    return false;
  }
}
