import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, queryKeys } from '../api';
import { Link } from './Link';
import { ErrorState, Loading } from './QueryState';
import { RawRequest } from './RawRequest';

/** Fetches one stored notification and shows it as received, with a way to its Inbox page. */
export function NotificationViewer({ id }: { id: number }) {
  const item = useQuery({ queryKey: queryKeys.inboxItem(id), queryFn: () => api.inboxItem(id) });
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // Opened from a history link far above: bring it into sight once, when its content is in.
    if (item.isSuccess) section.current?.scrollIntoView({ block: 'start' });
  }, [id, item.isSuccess]);
  return (
    <section className="viewer" ref={section} aria-label={`Notification #${id}`}>
      <header className="viewer-header">
        <h3>Notification #{id}</h3>
        <Link href={`/inbox/${id}`}>Open in Inbox (replay) →</Link>
      </header>
      {item.isPending ? <Loading label="Loading the notification…" /> : item.error ? <ErrorState error={item.error} title="Could not load this notification" /> : <RawRequest detail={item.data} />}
    </section>
  );
}
