import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '../../shared/api-auth';

/** scrypt, memory-hard: N=2^15, r=8 needs 32 MiB per hash. */
const N_LOG2 = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (e, key) => (e ? reject(e) : resolve(key))));
}

const optionsFor = (nLog2: number, r: number, p: number): ScryptOptions => ({ N: 2 ** nLog2, r, p, maxmem: 2 ** nLog2 * r * 256 });

/** `scrypt$15$8$1$<salt>$<hash>` (base64url), so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, optionsFor(N_LOG2, R, P));
  return ['scrypt', N_LOG2, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), optionsFor(Number(n), Number(r), Number(p)));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: verifying against it costs the same as a real check (no timing oracle). */
export const DUMMY_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Words that make a password guessable whatever digits or symbols surround them (English and French). */
const COMMON_WORDS = [
  'password', 'passw0rd', 'motdepasse', 'azerty', 'qwerty', 'azertyuiop', 'qwertyuiop', 'admin', 'administrator',
  'welcome', 'bienvenue', 'letmein', 'changeme', 'iloveyou', 'jetaime', 'soleil', 'doudou', 'chouchou', 'football',
  'monkey', 'dragon', 'sunshine', 'princess', 'secret', 'master', 'splitrecon', 'superviseur', 'supervisor', 'support',
  'finance', 'compta', 'paiement', 'payment', 'conecs', 'apetiz', 'sodexo', 'ticket', 'restaurant',
];

/** Why a password would be refused, or null. Length first, then the shapes attackers try first. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (/^(.)\1+$/.test(password)) return 'a single repeated character';
  const letters = lower.replace(/[^a-z]/g, '');
  if (letters.length === 0) return 'digits and symbols only: add words';
  if (COMMON_WORDS.includes(letters)) return `built on a common word ("${letters}")`;
  if ('abcdefghijklmnopqrstuvwxyz'.includes(letters) && letters.length >= 4) return 'a run of consecutive letters';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) return 'contains the e-mail address';
  return null;
}
