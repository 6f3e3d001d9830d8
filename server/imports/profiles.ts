import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProfileSchema, type Profile } from '../../shared/import-profile';
import type { Actor, ImportStore } from '../storage/storage';

const SHIPPED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'profiles');

/** The profiles in the repository; a broken one stops the start, naming the file and the field. */
export function shippedProfiles(dir = SHIPPED_DIR): Profile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = ProfileSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`import profile ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      }
      return parsed.data;
    });
}

export interface CatalogueEntry {
  profile: Profile;
  origin: 'shipped' | 'custom';
}

/** Shipped profiles, overridden or completed by those an admin saved. */
export class ProfileCatalogue {
  private entries: Map<string, CatalogueEntry>;
  /** Settles once the admins' profiles are read. */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: ImportStore,
    private readonly shipped: readonly Profile[] = shippedProfiles(),
  ) {
    this.entries = new Map(shipped.map((p) => [p.name, { profile: p, origin: 'shipped' }]));
    this.ready = this.refresh();
  }

  all(): CatalogueEntry[] {
    return [...this.entries.values()];
  }

  get(name: string): Profile | null {
    return this.entries.get(name)?.profile ?? null;
  }

  async save(profile: Profile, actor: Actor): Promise<void> {
    await this.store.saveProfile(profile, actor);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const entries = new Map<string, CatalogueEntry>(this.shipped.map((p) => [p.name, { profile: p, origin: 'shipped' }]));
    for (const row of await this.store.customProfiles()) {
      const parsed = ProfileSchema.safeParse(JSON.parse(row.definition));
      // Saved profiles were validated on the way in; one that a later version no longer accepts is skipped, not fatal.
      if (parsed.success) entries.set(parsed.data.name, { profile: parsed.data, origin: 'custom' });
    }
    this.entries = entries;
  }
}
