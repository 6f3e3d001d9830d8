import { loadConfigFile } from '../server/config/accounts';
import { startSandbox } from './sandbox';

/**
 * `npm run sandbox`: the PSP sandbox on SANDBOX_PORT (default 8788), with the accounts of
 * SPLIT_RECON_CONFIG (default: the example configuration, whose base URLs point here).
 * `npm run sandbox -- --send 200 --target http://localhost:8787` also sends that many orders.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const config = loadConfigFile(process.env.SPLIT_RECON_CONFIG ?? 'split-recon.config.example.json');
const running = await startSandbox(config, Number(process.env.SANDBOX_PORT ?? 8788));
console.log(`PSP sandbox listening on ${running.url} for ${config.accounts.size} accounts`);

const count = Number(arg('send') ?? 0);
if (count > 0) {
  const target = arg('target') ?? 'http://localhost:8787';
  const orders = running.sandbox.generate(count, { seed: Number(arg('seed') ?? Date.now() % 100000) });
  const report = await running.sandbox.deliver(target, orders, { duplicates: 0.1, shuffle: true });
  console.log(`sent ${report.sent} notifications for ${report.orders} orders to ${target}:`, report.byStatus);
}
