-- A verified notification is answered as soon as it is stored with what it says; applying it to its
-- order follows, in batches, from this queue. The interpretation is kept so that applying needs no
-- second verification, and so that a person can see what the notification was understood to say.
ALTER TABLE inbox ADD COLUMN observation TEXT;
CREATE INDEX inbox_queued ON inbox (id) WHERE outcome = 'queued';
