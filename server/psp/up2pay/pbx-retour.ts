import { fail, ok, type Problem, type Result } from '../../../shared/result';

/**
 * The merchant's PBX_RETOUR (`Mt:M;Ref:R;...;Signature:K`) says which parameter name carries which
 * letter of the IPN (PSP-FORMATS.md §4.1). Names are matched case-insensitively (001, "Notice").
 */
export interface PbxRetour {
  /** Parameter names in PBX_RETOUR order. */
  names: readonly string[];
  letterOf(name: string): string | undefined;
  nameOf(letter: string): string | undefined;
  signatureName: string;
}

const REQUIRED: Record<string, string> = { M: 'amount', R: 'order reference', E: 'response code', K: 'signature' };

export function parsePbxRetour(text: string): Result<PbxRetour, Problem> {
  const entries = text
    .split(';')
    .map((e) => e.replace(/\s+/g, ''))
    .filter(Boolean);
  const names: string[] = [];
  const byName = new Map<string, string>();
  const byLetter = new Map<string, string>();
  for (const entry of entries) {
    const m = /^([^:]+):([A-Za-z])$/.exec(entry);
    if (!m) return fail({ code: 'PBX_RETOUR_SYNTAX', message: `"${entry}" is not name:LETTER` });
    const [, name, letter] = m as unknown as [string, string, string];
    if (byName.has(name.toLowerCase())) return fail({ code: 'PBX_RETOUR_SYNTAX', message: `parameter "${name}" appears twice` });
    names.push(name);
    byName.set(name.toLowerCase(), letter);
    byLetter.set(letter, name);
  }
  for (const [letter, meaning] of Object.entries(REQUIRED)) {
    if (!byLetter.has(letter)) return fail({ code: 'PBX_RETOUR_INCOMPLETE', message: `must ask for ${letter} (${meaning})` });
  }
  if (byName.get(names[names.length - 1]!.toLowerCase()) !== 'K') {
    return fail({ code: 'PBX_RETOUR_SIGNATURE_NOT_LAST', message: 'the signature (K) must be the last variable' });
  }
  return ok({
    names,
    letterOf: (name) => byName.get(name.toLowerCase()),
    nameOf: (letter) => byLetter.get(letter),
    signatureName: byLetter.get('K')!,
  });
}
