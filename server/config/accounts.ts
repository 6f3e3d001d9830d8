import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SWITCHES, type RuleSwitches } from '../../shared/rules';
import { fail, ok, type Problem, type Result } from '../../shared/result';
import { parsePbxRetour, type PbxRetour } from '../psp/up2pay/pbx-retour';

/** The published Paybox / e-Transactions IPN public key (PSP-FORMATS.md §4.2). */
export const PAYBOX_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDe+hkicNP7ROHUssGNtHwiT2Ew
HFrSk/qwrcq8v5metRtTTFPE/nmzSkRnTs3GMpi57rBdxBBJW5W9cpNyGUh0jNXc
VrOSClpD5Ri2hER/GcNrxVRP7RlWOqB1C03q4QYmwjHZ+zlM4OUhCCAtSWflB4wC
Ka1g88CjFwRw/PB9kwIDAQAB
-----END PUBLIC KEY-----
`;

/** A secret is written inline or as `{"env": "VAR_NAME"}`, read from the environment at start. */
const Secret = z.union([z.string().min(1), z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict()]);

const common = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_" only (it appears in URLs)'),
  label: z.string().optional(),
  /** Base URL of the PSP's server API (cash management, Payline web services). */
  apiBaseUrl: z.url(),
  /** Timeout of calls to the PSP's server API, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
};

const SipsAccountSchema = z
  .object({
    ...common,
    psp: z.literal('sips'),
    merchantId: z.string().regex(/^\d{1,20}$/, 'digits only (15 at Sips)'),
    secretKey: Secret,
    keyVersion: z.union([z.string().min(1), z.number().int()]).transform(String),
    sealAlgorithm: z.enum(['SHA-256', 'HMAC-SHA-256']),
  })
  .strict();

const Up2payAccountSchema = z
  .object({
    ...common,
    psp: z.literal('up2pay'),
    site: z.string().regex(/^\d{7}$/, '7 digits'),
    rang: z.string().regex(/^\d{2,3}$/, '2 or 3 digits'),
    identifiant: z.string().regex(/^\d{1,9}$/, '1 to 9 digits'),
    hmacKey: Secret,
    publicKeys: z.array(z.string().includes('BEGIN PUBLIC KEY', { message: 'a PEM public key' })).min(1).default([PAYBOX_PUBLIC_KEY]),
    pbxRetour: z.string().min(3),
    /** Up2pay IPNs carry no currency: it is the contract's. */
    currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
    /** Days after the payment before the automatic capture (PBX_DIFF); 0 = the nightly remittance. */
    captureDelayDays: z.number().int().min(0).max(7).default(0),
  })
  .strict();

const AxeptaAccountSchema = z
  .object({
    ...common,
    psp: z.literal('axepta'),
    merchantId: z.string().min(1).max(30),
    blowfishKey: Secret,
    hmacKey: Secret,
    /** `AUTO` (default at Axepta): captured right after authorisation; `MANUAL`: the merchant captures. */
    captureMode: z.enum(['AUTO', 'MANUAL']).default('AUTO'),
  })
  .strict();

const PaylineAccountSchema = z
  .object({
    ...common,
    psp: z.literal('payline'),
    merchantId: z.string().min(1),
    accessKey: Secret,
    contractNumber: z.string().min(1),
  })
  .strict();

const AccountSchema = z.discriminatedUnion('psp', [SipsAccountSchema, Up2payAccountSchema, AxeptaAccountSchema, PaylineAccountSchema]);

const ConfigSchema = z
  .object({
    accounts: z.array(AccountSchema),
    rules: z.object({ up2payConecsVoucherRefund: z.boolean().optional() }).strict().optional(),
  })
  .strict();

type SecretField = 'secretKey' | 'hmacKey' | 'blowfishKey' | 'accessKey';
/** Secrets are strings once `{"env": ...}` is resolved. */
type Resolved<T> = { [K in keyof T]: K extends SecretField ? string : T[K] };
export type SipsAccount = Resolved<z.infer<typeof SipsAccountSchema>>;
export type Up2payAccount = Resolved<z.infer<typeof Up2payAccountSchema>> & { retour: PbxRetour };
export type AxeptaAccount = Resolved<z.infer<typeof AxeptaAccountSchema>>;
export type PaylineAccount = Resolved<z.infer<typeof PaylineAccountSchema>>;
export type Account = SipsAccount | Up2payAccount | AxeptaAccount | PaylineAccount;

export interface AppConfig {
  accounts: ReadonlyMap<string, Account>;
  switches: RuleSwitches;
  source: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: Problem[], readonly source: string) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n')}`);
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

const SECRET_FIELDS: readonly SecretField[] = ['secretKey', 'hmacKey', 'blowfishKey', 'accessKey'];

/** Validates the parsed JSON, resolves `{"env": ...}` secrets; every problem names its field. */
export function buildConfig(json: unknown, source: string, env: NodeJS.ProcessEnv = process.env): Result<AppConfig, ConfigError> {
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    return fail(new ConfigError(parsed.error.issues.map((i) => ({ code: 'CONFIG_INVALID', field: pathText(i.path), message: i.message })), source));
  }
  const problems: Problem[] = [];
  const accounts = new Map<string, Account>();
  parsed.data.accounts.forEach((raw, index) => {
    const account: Record<string, unknown> = { ...raw };
    for (const name of SECRET_FIELDS) {
      const value = account[name];
      if (value && typeof value === 'object' && 'env' in value) {
        const varName = (value as { env: string }).env;
        const fromEnv = env[varName];
        if (!fromEnv) problems.push({ code: 'CONFIG_SECRET_MISSING', field: `accounts[${index}].${name}`, message: `environment variable ${varName} is not set` });
        account[name] = fromEnv ?? '';
      }
    }
    if (raw.psp === 'up2pay') {
      const retour = parsePbxRetour(raw.pbxRetour);
      if (!retour.ok) problems.push({ ...retour.error, field: `accounts[${index}].pbxRetour` });
      else account.retour = retour.value;
    }
    if (raw.psp === 'axepta' && typeof account.hmacKey === 'string' && account.hmacKey.length === 0) {
      problems.push({ code: 'CONFIG_INVALID', field: `accounts[${index}].hmacKey`, message: 'must not be empty' });
    }
    if (accounts.has(raw.id)) problems.push({ code: 'CONFIG_DUPLICATE_ID', field: `accounts[${index}].id`, message: `"${raw.id}" is used by another account` });
    accounts.set(raw.id, account as unknown as Account);
  });
  if (problems.length) return fail(new ConfigError(problems, source));
  return ok({
    accounts,
    switches: { ...DEFAULT_SWITCHES, ...(parsed.data.rules ?? {}) } as RuleSwitches,
    source,
  });
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([{ code: 'CONFIG_UNREADABLE', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})` }], path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ code: 'CONFIG_NOT_JSON', message: (e as Error).message }], path);
  }
  const built = buildConfig(json, path, env);
  if (!built.ok) throw built.error;
  return built.value;
}
