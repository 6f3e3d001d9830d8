import { roleAtLeast, type Role } from '../../shared/roles';

/**
 * What each role may do in the dashboard, as data: the least role of each action. It mirrors the
 * least role of the API routes the action calls; the server enforces them, this only keeps the
 * dashboard from offering what would be refused.
 */
export const PERMISSIONS = {
  'orders.view': 'viewer',
  'inbox.view': 'viewer',
  'inbox.replay': 'supervisor',
  'imports.view': 'viewer',
  'imports.upload': 'supervisor',
  'reconciliation.view': 'viewer',
  'reconciliation.handle': 'agent',
  'reconciliation.run': 'supervisor',
  'reports.view': 'viewer',
  'operations.view': 'viewer',
  /** Within the person's refund limit; above it the operation waits for a supervisor. */
  'operations.request': 'agent',
  'operations.resolve': 'agent',
  'operations.approve': 'supervisor',
  'audit.view': 'supervisor',
  'users.manage': 'admin',
  'tokens.manage': 'admin',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return roleAtLeast(role, PERMISSIONS[action]);
}

export function requiredRole(action: Action): Role {
  return PERMISSIONS[action];
}
