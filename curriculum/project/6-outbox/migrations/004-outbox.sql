-- Stage 6: the outbox. An event for other services is a row written in the same transaction as
-- the change it describes, so there is never a click without its event or an event without its
-- click. relay.js sends the rows on and deletes them.
CREATE TABLE outbox (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic      text NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_created_at ON outbox (created_at);
