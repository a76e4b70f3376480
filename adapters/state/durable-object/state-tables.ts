/**
 * The CaregateState object's SQLite tables. Every statement is idempotent, so running them on
 * an object created by an older deploy brings it up to date (the `version` column arrived
 * with compare-and-set; rows from before it answer version '0' until their next write).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER, version TEXT NOT NULL DEFAULT '0');
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS index_entries (name TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (name, member));
CREATE INDEX IF NOT EXISTS index_entries_by_score ON index_entries (name, score, member);
`;

export const createOrMigrateTables = (sql: SqlStorage): void => {
  sql.exec(SCHEMA);
  if (!sql.exec('SELECT * FROM records LIMIT 0').columnNames.includes('version')) {
    sql.exec("ALTER TABLE records ADD COLUMN version TEXT NOT NULL DEFAULT '0'");
  }
};

/** True when this object ever stored anything (its tables exist). */
export const hasTables = (sql: SqlStorage): boolean =>
  sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'").toArray().length > 0;

/** Rows in every table: an object holding none frees its storage. */
export const rowCount = (sql: SqlStorage): number =>
  sql.exec<{ n: number }>('SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM buckets) + (SELECT COUNT(*) FROM index_entries) AS n').one().n;
