/**
 * Sips `Data`: `key=value` pairs joined by `|`, split on the first `=` only; a bare key or the literal
 * `null` means no value (PSP-FORMATS.md §1.2).
 */
export function parseSipsData(text: string): Map<string, string | null> {
  const fields = new Map<string, string | null>();
  for (const pair of text.split('|')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) fields.set(pair.trim(), null);
    else {
      const value = pair.slice(eq + 1);
      fields.set(pair.slice(0, eq).trim(), value === 'null' ? null : value);
    }
  }
  return fields;
}

export function formatSipsData(fields: Record<string, string | number | null | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v ?? 'null'}`)
    .join('|');
}
