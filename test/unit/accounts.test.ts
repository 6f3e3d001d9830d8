import { describe, expect, it } from 'vitest';
import type { Problem } from '../../shared/result';
import { DEFAULT_SWITCHES } from '../../shared/rules';
import { buildConfig, ConfigError, PAYBOX_PUBLIC_KEY, type AppConfig, type Up2payAccount } from '../../server/config/accounts';
import example from '../../split-recon.config.example.json';

type Json = { accounts: Record<string, unknown>[]; rules?: Record<string, unknown> };

/** A fresh, mutable copy of the shipped example. */
const exampleConfig = (): Json => structuredClone(example) as unknown as Json;

function valid(json: unknown, env: NodeJS.ProcessEnv = {}): AppConfig {
  const r = buildConfig(json, 'test.json', env);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function problems(json: unknown, env: NodeJS.ProcessEnv = {}): Problem[] {
  const r = buildConfig(json, 'test.json', env);
  if (r.ok) throw new Error('expected the configuration to be refused');
  expect(r.error).toBeInstanceOf(ConfigError);
  return r.error.problems;
}

describe('the shipped split-recon.config.example.json', () => {
  it('is valid, with one account per PSP', () => {
    const config = valid(example);
    expect([...config.accounts.keys()]).toEqual(['sips-shop', 'up2pay-shop', 'axepta-shop', 'payline-shop']);
    expect([...config.accounts.values()].map((a) => a.psp)).toEqual(['sips', 'up2pay', 'axepta', 'payline']);
    expect(config.switches).toEqual(DEFAULT_SWITCHES);
    expect(config.source).toBe('test.json');
  });

  it('fills defaults and parses the Up2pay PBX_RETOUR', () => {
    const config = valid(example);
    const up2pay = config.accounts.get('up2pay-shop') as Up2payAccount;
    expect(up2pay).toMatchObject({ currency: 'EUR', captureDelayDays: 0, timeoutMs: 10_000 });
    expect(up2pay.retour.letterOf('Appel')).toBe('T');
    expect(up2pay.retour.signatureName).toBe('Signature');
    expect(config.accounts.get('axepta-shop')).toMatchObject({ captureMode: 'AUTO' });
    expect(config.accounts.get('sips-shop')).toMatchObject({ keyVersion: '1', sealAlgorithm: 'SHA-256' });
  });

  it('keeps the public keys it states instead of the default', () => {
    const up2pay = valid(example).accounts.get('up2pay-shop') as Up2payAccount;
    expect(up2pay.publicKeys).toHaveLength(1);
    expect(up2pay.publicKeys[0]).not.toBe(PAYBOX_PUBLIC_KEY);
  });
});

describe('defaults', () => {
  it('publicKeys default to the published Paybox key', () => {
    const json = exampleConfig();
    delete json.accounts[1]!.publicKeys;
    const up2pay = valid(json).accounts.get('up2pay-shop') as Up2payAccount;
    expect(up2pay.publicKeys).toEqual([PAYBOX_PUBLIC_KEY]);
    expect(PAYBOX_PUBLIC_KEY).toContain('MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDe+hkicNP7ROHUssGNtHwiT2Ew');
  });

  it('a numeric keyVersion becomes text', () => {
    const json = exampleConfig();
    json.accounts[0]!.keyVersion = 2;
    expect(valid(json).accounts.get('sips-shop')).toMatchObject({ keyVersion: '2' });
  });

  it('rules turn the Up2pay Conecs refund switch off', () => {
    const json = exampleConfig();
    json.rules = { up2payConecsVoucherRefund: false };
    expect(valid(json).switches).toEqual({ up2payConecsVoucherRefund: false });
  });
});

describe('errors name the field path', () => {
  it('a bad Up2pay site is accounts[1].site', () => {
    const json = exampleConfig();
    json.accounts[1]!.site = '123';
    expect(problems(json)).toEqual([{ code: 'CONFIG_INVALID', field: 'accounts[1].site', message: '7 digits' }]);
  });

  it('an unknown psp is accounts[0].psp', () => {
    const json = exampleConfig();
    json.accounts[0]!.psp = 'stripe';
    const [p] = problems(json);
    expect(p?.field).toBe('accounts[0].psp');
  });

  it('several problems are all reported, each with its own path', () => {
    const json = exampleConfig();
    json.accounts[0]!.merchantId = 'ABC';
    json.accounts[2]!.apiBaseUrl = 'not a url';
    json.accounts[3]!.unexpected = true;
    expect(problems(json).map((p) => p.field).sort()).toEqual(['accounts[0].merchantId', 'accounts[2].apiBaseUrl', 'accounts[3]']);
  });

  it('an unknown rule switch and a missing accounts list are refused', () => {
    const json = exampleConfig();
    json.rules = { refundEverything: true };
    expect(problems(json)[0]?.field).toBe('rules');
    expect(problems({}).map((p) => p.field)).toEqual(['accounts']);
  });

  it('the error message lists every problem with its field and the file', () => {
    const json = exampleConfig();
    json.accounts[1]!.rang = '1';
    const r = buildConfig(json, 'conf/split-recon.json', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFIG_INVALID');
      expect(r.error.source).toBe('conf/split-recon.json');
      expect(r.error.message).toContain('conf/split-recon.json');
      expect(r.error.message).toContain('accounts[1].rang: 2 or 3 digits');
    }
  });

  it('duplicate ids name the second one', () => {
    const json = exampleConfig();
    json.accounts[2]!.id = 'sips-shop';
    expect(problems(json)).toEqual([{ code: 'CONFIG_DUPLICATE_ID', field: 'accounts[2].id', message: '"sips-shop" is used by another account' }]);
  });

  it('an id unfit for URLs is refused', () => {
    const json = exampleConfig();
    json.accounts[0]!.id = 'sips shop/1';
    expect(problems(json)[0]?.field).toBe('accounts[0].id');
  });

  it('a bad pbxRetour is accounts[1].pbxRetour with the parser code', () => {
    const json = exampleConfig();
    json.accounts[1]!.pbxRetour = 'Mt:M;Ref:R;Signature:K;Erreur:E';
    expect(problems(json)).toEqual([expect.objectContaining({ code: 'PBX_RETOUR_SIGNATURE_NOT_LAST', field: 'accounts[1].pbxRetour' })]);
    json.accounts[1]!.pbxRetour = 'Mt:M;Ref:R;Signature:K';
    expect(problems(json)).toEqual([expect.objectContaining({ code: 'PBX_RETOUR_INCOMPLETE', field: 'accounts[1].pbxRetour' })]);
  });
});

describe('{"env": "VAR"} secrets', () => {
  it('are read from the environment passed in', () => {
    const json = exampleConfig();
    json.accounts[0]!.secretKey = { env: 'SIPS_SECRET' };
    json.accounts[2]!.blowfishKey = { env: 'AXEPTA_BF' };
    const config = valid(json, { SIPS_SECRET: 'from-env-1', AXEPTA_BF: 'from-env-2' });
    expect(config.accounts.get('sips-shop')).toMatchObject({ secretKey: 'from-env-1' });
    expect(config.accounts.get('axepta-shop')).toMatchObject({ blowfishKey: 'from-env-2', hmacKey: 'sandbox-axepta-hmac-key' });
  });

  it('name the variable when it is missing or empty', () => {
    const json = exampleConfig();
    json.accounts[1]!.hmacKey = { env: 'UP2PAY_HMAC' };
    json.accounts[3]!.accessKey = { env: 'PAYLINE_KEY' };
    expect(problems(json, { PAYLINE_KEY: '' })).toEqual([
      { code: 'CONFIG_SECRET_MISSING', field: 'accounts[1].hmacKey', message: 'environment variable UP2PAY_HMAC is not set' },
      { code: 'CONFIG_SECRET_MISSING', field: 'accounts[3].accessKey', message: 'environment variable PAYLINE_KEY is not set' },
    ]);
  });

  it('only accept a variable name and nothing else in the object', () => {
    const json = exampleConfig();
    json.accounts[0]!.secretKey = { env: 'NOT A NAME' };
    expect(problems(json)[0]?.field).toMatch(/^accounts\[0\]\.secretKey/);
    json.accounts[0]!.secretKey = { env: 'SIPS_SECRET', fallback: 'x' };
    expect(problems(json, { SIPS_SECRET: 's' })[0]?.field).toMatch(/^accounts\[0\]\.secretKey/);
  });

  it('an empty inline secret is refused', () => {
    const json = exampleConfig();
    json.accounts[0]!.secretKey = '';
    expect(problems(json)[0]?.field).toMatch(/^accounts\[0\]\.secretKey/);
  });
});
