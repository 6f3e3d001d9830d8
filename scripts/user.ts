import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { ROLES, type Role } from '../shared/roles';
import { AuthService } from '../server/auth/auth-service';
import type { Actor } from '../server/storage/storage';
import { SqliteStorage } from '../server/storage/sqlite/sqlite-storage';

const USAGE = `Manage Split Recon users (database: DATABASE_PATH, default data/split-recon.sqlite)

  npm run user -- add <email> <role> [--name "Full Name"] [--refund-limit <cents>]
  npm run user -- set-password <email>
  npm run user -- disable <email>
  npm run user -- enable <email>
  npm run user -- list

Roles: ${ROLES.join(', ')}. Passwords are asked on the terminal, or read from the first line of
standard input when it is not a terminal (never from the command line, where they would be logged).`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Reads a password without echoing it on a terminal. */
async function readPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY ?? false });
  if (process.stdin.isTTY) {
    const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    output._writeToOutput = (s: string) => output.output.write(s.startsWith(prompt) ? prompt : '');
  }
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write('\n');
  return answer;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [command, ...args] = process.argv.slice(2);
if (!command || command === 'help' || command === '--help') {
  console.log(USAGE);
  process.exit(command ? 0 : 1);
}

const storage = SqliteStorage.open(process.env.DATABASE_PATH ?? 'data/split-recon.sqlite');
const auth = new AuthService(storage);
const actor: Actor = { type: 'system', id: null, label: `cli (${userInfo().username})`, address: null };
try {
  const email = args[0];
  const existing = email ? await storage.auth.findUserByEmail(email) : null;
  switch (command) {
    case 'list': {
      for (const u of await storage.auth.listUsers()) {
        console.log(`${u.email.padEnd(36)} ${u.role.padEnd(11)} ${u.disabledAt ? 'disabled' : 'active  '} ${u.name}`);
      }
      break;
    }
    case 'add': {
      const role = args[1] as Role;
      if (!email || !ROLES.includes(role)) fail(USAGE);
      const limit = option(args, 'refund-limit');
      const created = await auth.createUser({ email, role, name: option(args, 'name') ?? email, password: await readPassword('Password: '), refundLimit: limit ? Number(limit) : null }, actor);
      if (!created.ok) fail(created.error.message);
      console.log(`created ${created.value.email} (${created.value.role})`);
      break;
    }
    case 'set-password': {
      if (!existing) fail(`no user ${email ?? ''}`);
      const changed = await auth.setPassword(existing.id, await readPassword('New password: '), actor);
      if (!changed.ok) fail(changed.error.message);
      console.log(`password of ${existing.email} changed; their sessions are ended`);
      break;
    }
    case 'disable':
    case 'enable': {
      if (!existing) fail(`no user ${email ?? ''}`);
      const changed = await auth.updateUser(existing.id, { disabled: command === 'disable' }, actor);
      if (!changed.ok) fail(changed.error.message);
      console.log(`${existing.email} ${command}d`);
      break;
    }
    default:
      fail(USAGE);
  }
} finally {
  await storage.close();
}
