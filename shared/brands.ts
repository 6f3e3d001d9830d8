import type { PartKind, Psp } from './psp';

export type Network = 'CONECS' | 'ANCV' | 'CB' | 'VISA' | 'MASTERCARD' | 'AMEX' | 'PAYCONIQ' | 'OTHER';

export interface Brand {
  code: string;
  kind: PartKind;
  network: Network;
  label: string;
  /** How each PSP spells this brand (matched case-insensitively). */
  aliases: Partial<Record<Psp, readonly string[]>>;
  /** Up2pay GAE `ACQUEREUR` value for refunds of a part of this brand (002, 4.2). */
  up2payAcquirer?: string;
  /** Seed that names the brand. */
  source: string;
}

/** Every brand code the seeds name. Codes are ours; aliases are what arrives on the wire. */
export const BRANDS: readonly Brand[] = [
  {
    code: 'APETIZ',
    kind: 'voucher',
    network: 'CONECS',
    label: 'Apetiz',
    aliases: { up2pay: ['APETIZ'], sips: ['APETIZ'], axepta: ['APETIZ'] },
    up2payAcquirer: 'APETIZ',
    source: '001, 002 §3.1.5',
  },
  {
    code: 'SODEXO',
    kind: 'voucher',
    network: 'CONECS',
    label: 'Pluxee / Sodexo Pass Restaurant',
    aliases: { up2pay: ['SODEXO'], sips: ['SODEXO', 'PASSRESTAURANT', 'PLUXEE'], axepta: ['SODEXO', 'PASSRESTAURANT'] },
    up2payAcquirer: 'SODEXO',
    source: '001, 002 §3.1.5',
  },
  {
    code: 'UPCHEQUDEJ',
    kind: 'voucher',
    network: 'CONECS',
    label: 'Up Chèque Déjeuner',
    aliases: { up2pay: ['UPCHEQUDEJ'], sips: ['UPCHEQUDEJ', 'UPCHEQUEDEJEUNER'], axepta: ['UPCHEQUDEJ', 'CHEQUEDEJEUNER'] },
    up2payAcquirer: 'UPCHEQUDEJ',
    source: '001, 002 §3.1.5',
  },
  {
    code: 'CONECS',
    kind: 'voucher',
    network: 'CONECS',
    label: 'Conecs (issuer not stated)',
    aliases: { sips: ['CONECS'], axepta: ['CONECS', 'LIMONETIK'] },
    source: '000 (paymentMeanBrand=CONECS)',
  },
  {
    code: 'CVCONNECT',
    kind: 'voucher',
    network: 'ANCV',
    label: 'Chèque-Vacances Connect',
    aliases: { up2pay: ['CVCONNECT'], axepta: ['CVCONNECT'] },
    up2payAcquirer: 'CVCONNECT',
    source: '002 §2.2, §3.2.4',
  },
  {
    code: 'LIMOCB',
    kind: 'card',
    network: 'CB',
    label: 'CB complement (Limonetik)',
    aliases: { up2pay: ['LIMOCB'] },
    up2payAcquirer: 'LIMOCB',
    source: '002 §3.3.4',
  },
  {
    code: 'CB',
    kind: 'card',
    network: 'CB',
    label: 'Carte Bancaire',
    aliases: { sips: ['CB'], up2pay: ['CB'], axepta: ['CB', 'CARTEBANCAIRE'], payline: ['CB'] },
    source: '000 (SPLIT supplement means), 002',
  },
  {
    code: 'VISA',
    kind: 'card',
    network: 'VISA',
    label: 'Visa',
    aliases: { sips: ['VISA'], up2pay: ['VISA'], axepta: ['VISA'], payline: ['VISA'] },
    source: 'PSP-FORMATS §1.4',
  },
  {
    code: 'MASTERCARD',
    kind: 'card',
    network: 'MASTERCARD',
    label: 'Mastercard',
    aliases: {
      sips: ['MASTERCARD'],
      up2pay: ['MASTERCARD', 'EUROCARD_MASTERCARD'],
      axepta: ['MASTERCARD', 'MasterCard'],
      payline: ['MASTERCARD', 'MCVISA'],
    },
    source: 'PSP-FORMATS §1.4',
  },
  {
    code: 'AMEX',
    kind: 'card',
    network: 'AMEX',
    label: 'American Express',
    aliases: { sips: ['AMEX'], up2pay: ['AMEX'], axepta: ['AMEX'], payline: ['AMEX'] },
    source: 'PSP-FORMATS §1.4',
  },
  {
    code: 'PAYCONIQ',
    kind: 'card',
    network: 'PAYCONIQ',
    label: 'Payconiq',
    aliases: { payline: ['PAYCONIQ_MNXT', 'PAYCONIQ'] },
    source: '004',
  },
];

const byAlias = new Map<string, Brand>();
for (const brand of BRANDS) {
  for (const [psp, aliases] of Object.entries(brand.aliases)) {
    for (const alias of aliases ?? []) byAlias.set(`${psp}:${alias.toUpperCase()}`, brand);
  }
}
const byCode = new Map(BRANDS.map((b) => [b.code, b]));

/** The brand a PSP means by `raw` (case-insensitive), or undefined when the catalogue does not know it. */
export function brandFromPsp(psp: Psp, raw: string | null | undefined): Brand | undefined {
  if (!raw) return undefined;
  return byAlias.get(`${psp}:${raw.trim().toUpperCase()}`);
}

/** The brand code and part kind a PSP's spelling stands for; an unknown spelling keeps its text and the fallback kind. */
export function brandAndKind(psp: Psp, raw: string | null, fallbackKind: PartKind): { brand: string; kind: PartKind } {
  const brand = brandFromPsp(psp, raw);
  return { brand: brand?.code ?? (raw ?? 'UNKNOWN').toUpperCase(), kind: brand?.kind ?? fallbackKind };
}

export function brandByCode(code: string): Brand | undefined {
  return byCode.get(code);
}

export function brandLabel(code: string): string {
  return byCode.get(code)?.label ?? code;
}

/** Conecs per-transaction minimum and daily maximum per card holder, in cents (001). */
export const CONECS_LIMITS = { minPerTransaction: 150, maxPerDay: 1900, source: '001 (About Conecs)' } as const;
