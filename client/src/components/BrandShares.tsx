import { formatMoney, formatShare } from '../format';
import type { BrandShare } from '../pages/overviewData';
import { Empty } from './QueryState';

/**
 * Each brand's share of what was accepted, as a bar list: voucher brands in the voucher colour, card
 * brands in the card colour. SVG width attributes rather than inline styles (strict CSP).
 */
export function BrandShares({ shares, currency }: { shares: BrandShare[]; currency: string }) {
  const total = shares.reduce((sum, s) => sum + s.gross, 0);
  if (total === 0) return <Empty>Nothing accepted over these days.</Empty>;
  return (
    <ol className="brand-shares" data-testid="brand-shares">
      {shares.map((share) => (
        <li key={`${share.kind}-${share.brand}`} className="brand-share" data-testid="brand-share" data-brand={share.brand}>
          <span className="brand-share-label">
            <span className={`kind-tag kind-${share.kind}`}>{share.kind === 'voucher' ? 'Voucher' : 'Card'}</span> {share.label}
          </span>
          <span className="brand-share-figures">
            <span className="amount" data-testid="brand-share-amount">
              {formatMoney(share.gross, currency)}
            </span>
            <span className="brand-share-percent">{formatShare(share.gross, total)}</span>
          </span>
          <svg className="brand-share-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
            <rect className="split-empty" x="0" y="0" width="100" height="6" />
            <rect className={share.kind === 'voucher' ? 'split-voucher' : 'split-card'} x="0" y="0" width={(share.gross / total) * 100} height="6" />
          </svg>
        </li>
      ))}
    </ol>
  );
}
