import { Fragment } from 'react';

const BREAKS = {
  /** File names: after `_`, `-`, `.` or `/`. */
  name: /(?<=[_\-./])/,
  /** E-mail addresses: before the `@` only. */
  email: /(?=@)/,
};

/**
 * Long identifiers that may wrap only where a person would break them, never in the middle of a
 * word or a number.
 */
export function Breakable({ text, at = 'name' }: { text: string; at?: keyof typeof BREAKS }) {
  const pieces = text.split(BREAKS[at]);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </>
  );
}
