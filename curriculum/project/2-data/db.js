import pg from "pg";

/**
 * The connection pool. Without DATABASE_URL, pg reads PGHOST, PGDATABASE and the other libpq
 * variables. Ten connections serve thousands of short queries a second; more connections
 * than PostgreSQL has cores mostly queue inside the database instead of here.
 */
export function createPool() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  // A connection that fails while idle in the pool must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error("idle database connection failed:", error.message));
  return pool;
}
