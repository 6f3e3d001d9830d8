import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleConfigFor } from '../../sandbox/config';
import { Sandbox } from '../../sandbox/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/stack';

const dir = tempDir();
const databasePath = join(dir.path, 'cli.sqlite');
afterAll(() => dir.remove());

/** Runs a project script the way a person would (`tsx`), with stdin, and collects its output. */
function run(script: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

async function signIn(url: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email, password }) });
  return res.status;
}

describe('npm run user', () => {
  it('adds, lists, re-passwords and disables users, refusing weak passwords', async () => {
    const env = { DATABASE_PATH: databasePath };
    expect((await run('scripts/user.ts', ['add', 'Nadia@Shop.example', 'supervisor', '--name', 'Nadia'], env, 'a decent passphrase here\n')).out).toContain('created nadia@shop.example (supervisor)');
    expect((await run('scripts/user.ts', ['add', 'weak@shop.example', 'viewer'], env, 'password12345\n'))).toMatchObject({ code: 1, out: expect.stringContaining('common word') });
    expect((await run('scripts/user.ts', ['set-password', 'nadia@shop.example'], env, 'another decent passphrase\n')).code).toBe(0);
    expect((await run('scripts/user.ts', ['disable', 'nadia@shop.example'], env)).out).toContain('disabled');
    const list = await run('scripts/user.ts', ['list'], env);
    expect(list.out).toMatch(/nadia@shop\.example\s+supervisor\s+disabled/);
    expect(list.out).not.toContain('weak@');
  });
});

describe('ADMIN_EMAIL and ADMIN_PASSWORD at start', () => {
  it('create the administrator, then update the password when it changes', async () => {
    const start = async (password: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, PORT: '0', DATABASE_PATH: databasePath, ADMIN_EMAIL: 'boss@shop.example', ADMIN_PASSWORD: password, SPLIT_RECON_CONFIG: 'split-recon.config.example.json' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
          if (m && /Administrator/.test(out)) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(out)));
      });
      return { url, out, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
    };
    const first = await start('first admin passphrase');
    expect(first.out).toContain('Administrator boss@shop.example: created');
    expect(await signIn(first.url, 'boss@shop.example', 'first admin passphrase')).toBe(200);
    await first.stop();

    const second = await start('second admin passphrase');
    expect(second.out).toContain('Administrator boss@shop.example: updated');
    expect(await signIn(second.url, 'boss@shop.example', 'first admin passphrase')).toBe(401);
    expect(await signIn(second.url, 'boss@shop.example', 'second admin passphrase')).toBe(200);
    await second.stop();
  });
});

describe('npm run import', () => {
  it('imports the sandbox report files with their counts, says when a file repeats one, and refuses a bad file with its line and column', async () => {
    const sandbox = new Sandbox(exampleConfigFor('http://127.0.0.1:8788'));
    sandbox.generate(30, { seed: 4, from: new Date('2026-11-20T07:00:00Z'), to: new Date('2026-11-20T20:00:00Z') });
    const env = { DATABASE_PATH: join(dir.path, 'imports.sqlite'), SPLIT_RECON_CONFIG: 'split-recon.config.example.json' };
    for (const file of sandbox.reports('2026-11-20')) {
      const path = join(dir.path, file.name);
      writeFileSync(path, file.content);
      const first = await run('scripts/import.ts', [path], env);
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain(`${file.name}: applied (profile ${file.profile}, account ${file.accountId})`);
      expect(first.out).toMatch(new RegExp(`${file.rows} rows: \\d+ new, \\d+ confirmed, 0 unchanged`));
      const again = await run('scripts/import.ts', [path, '--account', file.accountId], env);
      expect(again).toMatchObject({ code: 0, out: expect.stringContaining('duplicate') });
    }
    const bad = join(dir.path, 'bad.csv');
    writeFileSync(bad, 'Transaction ID;Order reference;Token;Date;Payment method;Amount;Currency;Status;Return code;Authorization number\n1;CMD-1;;2026-11-20T10:00:00+01:00;CB;12.50;EUR;ACCEPTED;00000;\n');
    const refused = await run('scripts/import.ts', [bad], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('line 2, column 6 (Amount): expected an amount in cents (digits only, like 1900), got "12.50" [BAD_AMOUNT]');
  }, 120_000);
});
