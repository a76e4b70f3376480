import { DurableObject } from 'cloudflare:workers';
import { takeToken } from '../../shared/token-bucket';

/** One token-bucket step, as the RateLimiter port answers it. */
export interface BucketDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER);
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;

type RecordRow = { value: string; expires_at: number | null };
type BucketRow = { tokens: number; at: number };

/**
 * The Worker's strongly consistent state: Store records (idempotency keys, token `jti`s, links)
 * and rate-limit token buckets, in a SQLite-backed Durable Object.
 *
 * Why a Durable Object: each object is single-threaded and its storage is transactional, so a
 * check-then-write inside one method (setIfAbsent, a bucket step) is atomic with no lock, and
 * the caller gets its answer only once the write is durable (output gate). KV could not do
 * this: it is eventually consistent and has no compare-and-set.
 *
 * Clients address one object per key (see durable-object-store.ts), so objects never become
 * hot spots and each lives near the edge that first used it. Time is the object's own clock
 * (Date.now() inside it), the one clock every gateway isolate then agrees on, as Redis TIME
 * is for the Node build. Expired rows are invisible at once and deleted by an alarm; an
 * object left with nothing deletes its storage so abandoned keys cost nothing.
 */
export class CaregateState extends DurableObject {
  /** Tables exist (created lazily: a read of a never-written key must not allocate storage). */
  private ready = false;

  private get sql() {
    return this.ctx.storage.sql;
  }

  /** The record's JSON text, or null when absent or expired. */
  async getRecord(key: string): Promise<string | null> {
    return this.readRecord(key);
  }

  /** Unconditional write; ttlMs null keeps the record until deleted (and clears an earlier TTL). */
  async putRecord(key: string, value: string, ttlMs: number | null): Promise<void> {
    this.write(key, value, ttlMs);
    await this.afterWrite(ttlMs === null ? null : Date.now() + ttlMs);
  }

  /** Creates the record unless a live one exists: true when this call created it. */
  async putRecordIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    // Check and write are synchronous, one after the other: no other call can run in between.
    if (this.readRecord(key) !== null) return false;
    this.write(key, value, ttlMs);
    await this.afterWrite(ttlMs === null ? null : Date.now() + ttlMs);
    return true;
  }

  async deleteRecord(key: string): Promise<void> {
    if (!this.hasSchema()) return;
    this.sql.exec('DELETE FROM records WHERE key = ?', key);
    await this.releaseIfEmpty();
  }

  /** Liveness for /readyz: answering at all is the proof. */
  async ping(): Promise<true> {
    return true;
  }

  /** Takes one token from bucket `key`, creating it full on first use (the shared token-bucket step). */
  async takeToken(key: string, perSecond: number, burst: number): Promise<BucketDecision> {
    this.ensureSchema();
    const now = Date.now();
    const row = this.sql.exec<BucketRow>('SELECT tokens, at FROM buckets WHERE key = ?', key).toArray()[0];
    const { state, decision } = takeToken(row, { perSecond, burst }, now);
    // Past a full refill the bucket is full anyway, so it may be forgotten.
    const expiresAt = now + Math.ceil((burst / perSecond) * 1000) + 1000;
    this.sql.exec(
      'INSERT INTO buckets (key, tokens, at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, expires_at = excluded.expires_at',
      key,
      state.tokens,
      state.at,
      expiresAt,
    );
    await this.afterWrite(expiresAt);
    return decision;
  }

  /** Deletes what expired, then sleeps until the next expiry or frees the object. */
  override async alarm(): Promise<void> {
    if (!this.hasSchema()) return;
    const now = Date.now();
    this.sql.exec('DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?', now);
    this.sql.exec('DELETE FROM buckets WHERE expires_at <= ?', now);
    await this.releaseIfEmpty();
    const next = this.nextExpiry();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private readRecord(key: string): string | null {
    if (!this.hasSchema()) return null;
    const row = this.sql.exec<RecordRow>('SELECT value, expires_at FROM records WHERE key = ?', key).toArray()[0];
    if (!row) return null;
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      this.sql.exec('DELETE FROM records WHERE key = ?', key);
      return null;
    }
    return row.value;
  }

  private write(key: string, value: string, ttlMs: number | null): void {
    this.ensureSchema();
    this.sql.exec(
      'INSERT INTO records (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
      key,
      value,
      ttlMs === null ? null : Date.now() + ttlMs,
    );
  }

  /** Makes sure an alarm fires by `expiresAt` (earlier alarms stay: they reschedule themselves). */
  private async afterWrite(expiresAt: number | null): Promise<void> {
    if (expiresAt === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > expiresAt) await this.ctx.storage.setAlarm(expiresAt);
  }

  private nextExpiry(): number | null {
    if (!this.hasSchema()) return null;
    const row = this.sql
      .exec<{ next: number | null }>('SELECT MIN(expires_at) AS next FROM (SELECT expires_at FROM records WHERE expires_at IS NOT NULL UNION ALL SELECT expires_at FROM buckets)')
      .one();
    return row.next;
  }

  private async releaseIfEmpty(): Promise<void> {
    const { n } = this.sql.exec<{ n: number }>('SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM buckets) AS n').one();
    if (n > 0) return;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.ready = false;
  }

  private hasSchema(): boolean {
    if (!this.ready) this.ready = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'").toArray().length > 0;
    return this.ready;
  }

  private ensureSchema(): void {
    if (this.ready) return;
    this.sql.exec(SCHEMA);
    this.ready = true;
  }
}
