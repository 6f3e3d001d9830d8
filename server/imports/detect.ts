import type { ImportError } from '../../shared/api-imports';
import type { Profile } from '../../shared/import-profile';
import { splitLine } from './csv';
import { fitHeader, problem, type HeaderFit } from './mapping';

/** A line of the file's head, with its 1-based number. */
export interface HeadLine {
  line: number;
  text: string;
}

export type Detection = { ok: true; profile: Profile; headerLine: number | null } | { ok: false; error: ImportError };

const SEPARATORS = [';', ',', '\t', '|'];

interface Fit {
  profile: Profile;
  headerLine: number;
  fit: HeaderFit;
}

/** Where a header-layout profile expects its header, and how well that line fits. */
function headerFit(profile: Profile, head: readonly HeadLine[], separator?: string): Fit | null {
  if (profile.layout.type !== 'header') return null;
  const preamble = profile.layout.preamble ? new RegExp(profile.layout.preamble) : null;
  const header = head.find((l) => !preamble?.test(l.text));
  if (!header) return null;
  return { profile, headerLine: header.line, fit: fitHeader(profile, splitLine(header.text, separator ?? profile.layout.separator)) };
}

const complete = (f: Fit) => f.fit.missing.length === 0 && (f.profile.layout.type !== 'header' || f.profile.layout.unknownColumns === 'keep' || f.fit.unknown.length === 0);

/**
 * Which profile reads this file, from its first lines: the Computop HEAD line, or the header whose
 * columns a profile names. A header close to a profile but not equal is a drift, refused with the
 * columns missing and the columns new; one that fits only with another separator says so.
 */
export function detectProfile(head: readonly HeadLine[], profiles: readonly Profile[], wanted?: Profile): Detection {
  if (head.length === 0) return { ok: false, error: problem(null, null, null, 'EMPTY_FILE', 'the file is empty') };
  const candidates = wanted ? [wanted] : profiles;

  for (const p of candidates) {
    if (p.layout.type === 'computop-batch' && /^HEAD,/.test(head[0]!.text)) return { ok: true, profile: p, headerLine: null };
  }
  const fits = candidates.map((p) => headerFit(p, head)).filter((f): f is Fit => f !== null);
  const best = fits.filter(complete).sort((a, b) => b.fit.matched - a.fit.matched)[0];
  if (best) return { ok: true, profile: best.profile, headerLine: best.headerLine };

  for (const f of fits) {
    for (const sep of SEPARATORS) {
      if (f.profile.layout.type !== 'header' || sep === f.profile.layout.separator) continue;
      const other = headerFit(f.profile, head, sep)!;
      if (complete(other)) {
        return { ok: false, error: problem(f.headerLine, null, null, 'WRONG_SEPARATOR', `the header is separated by "${printable(sep)}" but ${f.profile.label} (profile ${f.profile.name}) uses "${printable(f.profile.layout.separator)}"`) };
      }
    }
  }

  if (wanted && wanted.layout.type === 'computop-batch') {
    return { ok: false, error: problem(1, 1, null, 'NOT_A_BATCH_FILE', `profile ${wanted.name} expects a first line starting with "HEAD,", got "${clip(head[0]!.text)}"`) };
  }
  const closest = fits.sort((a, b) => b.fit.matched - a.fit.matched)[0];
  if (closest && closest.fit.matched >= Math.max(2, Math.ceil(closest.profile.required.length / 2))) {
    const { missing, unknown } = closest.fit;
    const parts = [missing.length ? `missing ${missing.map(quote).join(', ')}` : null, unknown.length ? `new ${unknown.map(quote).join(', ')}` : null].filter(Boolean);
    return {
      ok: false,
      error: problem(closest.headerLine, null, null, 'COLUMNS_DRIFTED', `the columns differ from profile ${closest.profile.name} (${closest.profile.label}): ${parts.join('; ')}. Fix the file or have an admin update the profile.`),
    };
  }
  const first = head.find((l) => !/^TITLE\b/.test(l.text)) ?? head[0]!;
  return { ok: false, error: problem(first.line, null, null, 'UNKNOWN_FORMAT', `no import profile recognises this file; its header reads "${clip(first.text)}"`) };
}

const quote = (s: string) => `"${s}"`;
const printable = (sep: string) => (sep === '\t' ? 'tab' : sep);
const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);
