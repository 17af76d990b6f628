// Makes an API key for an account (created if new) and prints it once:
//   node 3-auth/create-key.js acme
import pg from "pg";
import { hashKey, newKey } from "./keys.js";

const name = process.argv[2];
if (!name) {
  console.error("usage: node 3-auth/create-key.js ACCOUNT_NAME");
  process.exit(2);
}
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  const key = newKey();
  await client.query(
    `WITH account AS (
       INSERT INTO accounts (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id
     )
     INSERT INTO api_keys (account_id, key_hash) SELECT id, $2 FROM account`,
    [name, hashKey(key)],
  );
  console.log(key);
} finally {
  await client.end();
}
