-- Stage 2: the links. The constraints hold whatever the code does: a bug, a script or a hand-typed
-- UPDATE cannot store a code of the wrong shape, a target that is not a web address, or a
-- negative count.
CREATE TABLE links (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{8}$'),
  target     text NOT NULL CHECK (length(target) <= 2048 AND target ~ '^https?://'),
  clicks     bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90);
-- UNIQUE (code) builds the index both hot queries use: the redirect and the stats lookup by code.
-- clicks is deliberately not indexed: each click updates it, and an update that touches no
-- indexed column can be a heap-only tuple (HOT) update, which writes no index entry. fillfactor 90
-- leaves room on each page for those new row versions.
