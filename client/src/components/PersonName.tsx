import type { Person } from '../../../shared/api-operations';

/** A person as the dashboard names them: their name, over the e-mail or token they acted with. */
export function PersonName({ person }: { person: Person }) {
  if (!person.name) return <>{person.label}</>;
  return (
    <>
      {person.name}
      <span className="secondary">{person.label}</span>
    </>
  );
}
