import { describe, expect, it } from 'vitest';
import { parsePbxRetour, type PbxRetour } from '../../server/psp/up2pay/pbx-retour';

/** The seed's PBX_RETOUR as written in the document, with its stray space and line breaks. */
const SEED = 'Mt:M;Ref:R;Auto:A;Appel:T; ChoixPaiement:P;ChoixCarte:C;Erreur:E;Transaction:S;Pays:\n\nY;Signature:K';

function parsed(text: string): PbxRetour {
  const r = parsePbxRetour(text);
  if (!r.ok) throw new Error(`expected a valid PBX_RETOUR, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('parsePbxRetour: the seed string', () => {
  it('is valid', () => {
    expect(parsePbxRetour(SEED).ok).toBe(true);
  });

  it('keeps the names in order, blanks removed', () => {
    const retour = parsed(SEED);
    expect(retour.names).toEqual(['Mt', 'Ref', 'Auto', 'Appel', 'ChoixPaiement', 'ChoixCarte', 'Erreur', 'Transaction', 'Pays', 'Signature']);
    expect(retour.signatureName).toBe('Signature');
  });

  it('maps names to letters, case-insensitively', () => {
    const retour = parsed(SEED);
    expect(retour.letterOf('Mt')).toBe('M');
    expect(retour.letterOf('mt')).toBe('M');
    expect(retour.letterOf('APPEL')).toBe('T');
    expect(retour.letterOf('choixcarte')).toBe('C');
    expect(retour.letterOf('Pays')).toBe('Y');
    expect(retour.letterOf('Signature')).toBe('K');
    expect(retour.letterOf('Unknown')).toBeUndefined();
  });

  it('maps letters back to the names as written', () => {
    const retour = parsed(SEED);
    expect(retour.nameOf('S')).toBe('Transaction');
    expect(retour.nameOf('R')).toBe('Ref');
    expect(retour.nameOf('K')).toBe('Signature');
    expect(retour.nameOf('U')).toBeUndefined();
  });
});

describe('parsePbxRetour: other valid forms', () => {
  it('accepts the minimal M, R, E, K and a trailing semicolon', () => {
    const r = parsed('amount:M;ref:R;err:E;sign:K;');
    expect(r.names).toEqual(['amount', 'ref', 'err', 'sign']);
    expect(r.signatureName).toBe('sign');
  });

  it('keeps lower-case letters distinct (v is the 3DS version, not V)', () => {
    const r = parsed('Mt:M;Ref:R;Erreur:E;Version3DS:v;Signature:K');
    expect(r.letterOf('version3ds')).toBe('v');
    expect(r.nameOf('v')).toBe('Version3DS');
  });
});

describe('parsePbxRetour: errors', () => {
  it.each([
    ['M', 'Ref:R;Erreur:E;Signature:K', 'amount'],
    ['R', 'Mt:M;Erreur:E;Signature:K', 'order reference'],
    ['E', 'Mt:M;Ref:R;Signature:K', 'response code'],
    ['K', 'Mt:M;Ref:R;Erreur:E', 'signature'],
  ])('PBX_RETOUR_INCOMPLETE when %s is missing', (letter, text, meaning) => {
    const r = parsePbxRetour(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('PBX_RETOUR_INCOMPLETE');
      expect(r.error.message).toContain(`${letter} (${meaning})`);
    }
  });

  it('PBX_RETOUR_SIGNATURE_NOT_LAST when K is not the last variable', () => {
    const r = parsePbxRetour('Mt:M;Ref:R;Signature:K;Erreur:E');
    expect(r).toMatchObject({ ok: false, error: { code: 'PBX_RETOUR_SIGNATURE_NOT_LAST' } });
  });

  it.each(['Mt:M;Ref;Erreur:E;Signature:K', 'Mt:MM;Ref:R;Erreur:E;Signature:K', 'Mt:1;Ref:R;Erreur:E;Signature:K', ':M;Ref:R;Erreur:E;Signature:K'])(
    'PBX_RETOUR_SYNTAX for an entry that is not name:LETTER (%j)',
    (text) => {
      expect(parsePbxRetour(text)).toMatchObject({ ok: false, error: { code: 'PBX_RETOUR_SYNTAX' } });
    },
  );

  it('PBX_RETOUR_SYNTAX when a name appears twice, whatever its case', () => {
    const r = parsePbxRetour('Mt:M;Ref:R;mt:A;Erreur:E;Signature:K');
    expect(r).toMatchObject({ ok: false, error: { code: 'PBX_RETOUR_SYNTAX' } });
    expect(!r.ok && r.error.message).toContain('twice');
  });

  it('fails on an empty string', () => {
    expect(parsePbxRetour('').ok).toBe(false);
    expect(parsePbxRetour(' ; ;').ok).toBe(false);
  });
});
