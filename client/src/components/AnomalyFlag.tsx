import type { Anomaly } from '../../../shared/api';

/** A warning mark whose tooltip lists the anomalies in words; nothing when there are none. */
export function AnomalyFlag({ anomalies }: { anomalies: readonly Anomaly[] }) {
  if (anomalies.length === 0) return null;
  const text = anomalies.map((a) => a.message).join('\n');
  return (
    <span className="anomaly-flag" title={text} aria-label={`${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}: ${text}`} data-testid="anomaly-flag">
      ⚠
    </span>
  );
}
