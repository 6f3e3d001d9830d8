import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { percentDecode, rfc3986, parseForm } from '../form';
import type { PbxRetour } from './pbx-retour';

const keyCache = new Map<string, KeyObject>();
function publicKey(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    keyCache.set(pem, key);
  }
  return key;
}

export type SignatureCheck =
  | { ok: true; detail: string }
  | { ok: false; code: 'SIGNATURE_MISSING' | 'SIGNATURE_MALFORMED' | 'SIGNATURE_MISMATCH'; message: string };

/**
 * The IPN signature (K) is RSA-SHA1 over the raw string before `&<signature name>=`, checked against
 * each configured key (PSP-FORMATS.md §4.2). When that fails, the official module's Limonetik
 * fallback is tried: keep only the PBX_RETOUR variables, re-encoded as RFC 3986, and verify again.
 */
export function checkIpnSignature(raw: string, retour: PbxRetour, publicKeys: readonly string[]): SignatureCheck {
  const m = signatureMarker(retour.signatureName).exec(raw);
  if (!m) return { ok: false, code: 'SIGNATURE_MISSING', message: `the signature parameter ${retour.signatureName} is missing (it must be last)` };
  const signedPart = m[1]!;
  const encoded = m[2]!;
  const signature = Buffer.from(percentDecode(encoded, false).toString('latin1'), 'base64');
  if (signature.length === 0 || signature.length % 64 !== 0) {
    return { ok: false, code: 'SIGNATURE_MALFORMED', message: `${retour.signatureName} is not a base64 RSA signature (${signature.length} bytes decoded)` };
  }
  // Tried in turn; the rebuilt forms are only computed when the plain one fails.
  const candidates: [string, () => string][] = [['as received', () => signedPart]];
  if (signedPart.startsWith('s=i&')) candidates.push(['without the leading s=i', () => signedPart.slice(4)]);
  candidates.push(['Limonetik fallback (PBX_RETOUR variables only, RFC 3986)', () => limonetikRebuild(signedPart, retour)]);

  for (const [how, text] of candidates) {
    const bytes = Buffer.from(text(), 'latin1');
    for (const [index, pem] of publicKeys.entries()) {
      if (verify('sha1', bytes, publicKey(pem), signature)) return { ok: true, detail: `RSA-SHA1, public key #${index + 1}, ${how}` };
    }
  }
  return { ok: false, code: 'SIGNATURE_MISMATCH', message: `${retour.signatureName} does not verify with any of the ${publicKeys.length} configured public key(s)` };
}

/** As the PHP module rebuilds it from `$_GET`: values form-decoded ('+' is a space), then RFC 3986. */
function limonetikRebuild(signedPart: string, retour: PbxRetour): string {
  return parseForm(signedPart, true)
    .fields.filter((f) => retour.letterOf(f.name) && retour.letterOf(f.name) !== 'K')
    .map((f) => `${f.name}=${rfc3986(f.value)}`)
    .join('&');
}

const markers = new Map<string, RegExp>();
/** `^(.*)&<name>=([^&]*)`: the last occurrence, name matched case-insensitively. */
function signatureMarker(name: string): RegExp {
  let marker = markers.get(name);
  if (!marker) {
    marker = new RegExp(`^(.*)&${escapeRegExp(name)}=([^&]*)`, 'is');
    markers.set(name, marker);
  }
  return marker;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const privateKeys = new Map<string, KeyObject>();

/** What Up2pay does: the sandbox signs its IPNs with this. */
export function signIpn(signedPart: string, privateKeyPem: string): string {
  let key = privateKeys.get(privateKeyPem);
  if (!key) {
    key = createPrivateKey(privateKeyPem);
    privateKeys.set(privateKeyPem, key);
  }
  return sign('sha1', Buffer.from(signedPart, 'latin1'), key).toString('base64');
}
