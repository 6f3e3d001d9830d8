/**
 * Who may do what. Each role includes the powers of the ones before it:
 * viewer (finance: read, export) < agent (support: refunds up to a per-user limit)
 * < supervisor (larger refunds, replays, resolving discrepancies, the audit log) < admin (users, tokens).
 */
export const ROLES = ['viewer', 'agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer (finance)',
  agent: 'Agent (support)',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** An agent whose own refund limit is not set may refund up to this, in cents (50,00 €); above it, a supervisor approves. */
export const DEFAULT_AGENT_REFUND_LIMIT = 5000;

/**
 * The most a person may refund without a supervisor's approval, in cents; null when there is no
 * limit: their own limit, else the agents' default; supervisors and admins have none.
 */
export function refundLimitOf(person: { role: Role; refundLimit: number | null }): number | null {
  if (person.refundLimit !== null) return person.refundLimit;
  return roleAtLeast(person.role, 'supervisor') ? null : DEFAULT_AGENT_REFUND_LIMIT;
}
