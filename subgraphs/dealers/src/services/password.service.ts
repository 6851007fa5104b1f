import { hash, verify, type Algorithm } from '@node-rs/argon2';

// `Algorithm` is a const enum in the typings; spelled as its value so transpilers that cannot
// inline const enums (vitest's esbuild) still work.
const ARGON2ID = 2 as Algorithm;

/** argon2id parameters: the OWASP minimum (19 MiB, 2 passes, 1 lane), about 20–40 ms per hash. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest and longest password a user may choose (acceptInvitation). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** The character classes a chosen password draws from; it needs three of the four. */
const CHARACTER_CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/**
 * Why `password` is too weak for `username`, or null when it is strong enough: 10 to 128
 * characters, not containing the username (in any case), and three of lower case, upper case,
 * digits and other characters.
 */
export function passwordWeakness(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH)
    return `A password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'A password must not contain the username';
  if (CHARACTER_CLASSES.filter((c) => c.test(password)).length < 3)
    return 'A password needs three of: lower case, upper case, digits, other characters';
  return null;
}

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
