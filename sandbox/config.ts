import { readFileSync } from 'node:fs';
import { buildConfig, type AppConfig } from '../server/config/accounts';

export const EXAMPLE_CONFIG_PATH = new URL('../split-recon.config.example.json', import.meta.url);

export interface ExampleConfig {
  accounts: ({ id: string; psp: string; apiBaseUrl: string } & Record<string, unknown>)[];
}

/** The shipped example accounts point at a sandbox on 127.0.0.1:8788. */
const EXAMPLE_SANDBOX = /^http:\/\/127\.0\.0\.1:8788/;

/**
 * The example configuration with its PSP base URLs pointed at a sandbox listening on `sandboxUrl`
 * (any port), optionally edited first: what the demo and the tests run on.
 */
export function exampleConfigFor(sandboxUrl: string, edit: (json: ExampleConfig) => void = () => {}): AppConfig {
  const json = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as ExampleConfig;
  for (const a of json.accounts) a.apiBaseUrl = a.apiBaseUrl.replace(EXAMPLE_SANDBOX, sandboxUrl);
  edit(json);
  const built = buildConfig(json, `example configuration, sandbox at ${sandboxUrl}`);
  if (!built.ok) throw built.error;
  return built.value;
}
