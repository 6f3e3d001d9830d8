import { formatMoney, formatShare } from '../format';

interface SplitBarProps {
  voucher: number;
  card: number;
  currency: string;
  size?: 'small' | 'large';
}

/**
 * The voucher / card split as a two-colour bar. SVG width attributes rather than inline styles, so
 * the page keeps working under a strict Content-Security-Policy.
 */
export function SplitBar({ voucher, card, currency, size = 'small' }: SplitBarProps) {
  const total = voucher + card;
  // Proportions only: the amounts themselves stay integer cents.
  const voucherWidth = total > 0 ? (voucher / total) * 100 : 0;
  const label = `Voucher ${formatMoney(voucher, currency)} (${formatShare(voucher, total)}), card ${formatMoney(card, currency)} (${formatShare(card, total)})`;
  return (
    <svg className={`split-bar split-bar-${size}`} viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={label}>
      <title>{label}</title>
      <rect className="split-empty" x="0" y="0" width="100" height="10" />
      {voucher > 0 && <rect className="split-voucher" x="0" y="0" width={voucherWidth} height="10" />}
      {card > 0 && <rect className="split-card" x={voucherWidth} y="0" width={100 - voucherWidth} height="10" />}
    </svg>
  );
}
