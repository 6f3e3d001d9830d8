import { ApiRequestError } from './api';

/**
 * The form field a server refusal is about. The API names it `body.email` when its schema refused
 * the input and `email` when a rule did (weak password, e-mail taken); forms name it `email`.
 */
function formFieldOf(error: ApiRequestError): string | null {
  return error.field ? error.field.replace(/^body\./, '') : null;
}

/** The server's message for one field of a form, or null when the error is about something else. */
export function fieldError(error: Error | null, name: string): string | null {
  if (!(error instanceof ApiRequestError) || formFieldOf(error) !== name) return null;
  // Schema messages start with the field path, which the field's own label already says.
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** Whether an error belongs to none of a form's fields, so it must be shown for the whole form. */
export function isFormLevel(error: Error, fields: readonly string[]): boolean {
  return !(error instanceof ApiRequestError) || !fields.includes(formFieldOf(error) ?? '');
}
