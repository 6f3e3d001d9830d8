/** A user's text inside a LIKE pattern, matched literally (with `ESCAPE '\'`): `_` and `%` are not wildcards. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
