-- Stage 3: accounts, their API keys, and who owns each link.
CREATE TABLE accounts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  -- SHA-256 of the key: a stolen copy of this table lets nobody call the API.
  key_hash   bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- The rate limiter's state (GCRA): when the key's next request is "due". '-infinity' is a full bucket.
  rate_tat   timestamptz NOT NULL DEFAULT '-infinity'
);

-- Links made before accounts existed have no owner (NULL), and nobody sees their stats.
ALTER TABLE links ADD COLUMN account_id bigint REFERENCES accounts (id);
-- PostgreSQL indexes the referenced key (accounts.id), never the referencing column: without this,
-- "my links, newest first" reads every link, and deleting an account scans the whole table.
CREATE INDEX links_account_id_id ON links (account_id, id);
