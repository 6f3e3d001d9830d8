import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from './Link';
import { ErrorState, Loading } from './QueryState';

/** The numeric id of a detail page's path, or null when the path holds something else. */
export function pageId(id: string): number | null {
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** A detail page's frame: the way back to its list, then loading, the error, or the thing itself. */
export function DetailFrame<T>({ back, query, noun, children }: { back: { href: string; label: string }; query: UseQueryResult<T, Error>; noun: string; children: (data: T) => ReactNode }) {
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={back.href}>← {back.label}</Link>
      </p>
      {query.isPending ? <Loading label={`Loading the ${noun}…`} /> : query.error ? <ErrorState error={query.error} title={`Could not load the ${noun}`} /> : children(query.data)}
    </div>
  );
}
