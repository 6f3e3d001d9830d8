/** Errors are values: a stable code for programs, a message a person can act on, and where it happened. */
export interface Problem {
  code: string;
  message: string;
  /** The field (IPN parameter, config path, SPLIT field...) the problem is about, when there is one. */
  field?: string;
}

export type Result<T, E extends Problem = Problem> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E extends Problem>(error: E): { ok: false; error: E } => ({ ok: false, error });
