import { DurableObject } from 'cloudflare:workers';
import { takeToken } from '../../shared/token-bucket';
import type { IndexEntry } from '../../../src/ports/store';
import { addIndexEntry, readIndexEntries, removeIndexEntry, type IndexRangeArgs } from './index-table';
import { createOrMigrateTables, hasTables, rowCount } from './state-tables';

/** One token-bucket step, as the RateLimiter port answers it. */
export interface BucketDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

type RecordRow = { value: string; expires_at: number | null; version: string };

/** A record's stored text and the version a compare-and-set names. */
export interface VersionedRecord {
  value: string;
  version: string;
}
type BucketRow = { tokens: number; at: number };

/**
 * The Worker's strongly consistent state: Store records (idempotency keys, token `jti`s, links)
 * and rate-limit token buckets, in a SQLite-backed Durable Object.
 *
 * Why a Durable Object: each object is single-threaded and its storage is transactional, so a
 * check-then-write inside one method (setIfAbsent, compare-and-set, a bucket step) is atomic
 * with no lock, and
 * the caller gets its answer only once the write is durable (output gate). KV could not do
 * this: it is eventually consistent and has no compare-and-set.
 *
 * Clients address one object per key and one per index (see durable-object-store.ts), so objects never become
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

  /** The record's stored text, or null when absent or expired. */
  async getRecord(key: string): Promise<string | null> {
    return this.readRecord(key)?.value ?? null;
  }

  async getVersionedRecord(key: string): Promise<VersionedRecord | null> {
    const row = this.readRecord(key);
    return row ? { value: row.value, version: row.version } : null;
  }

  /** Unconditional write; ttlMs null keeps the record until deleted (and clears an earlier TTL). */
  async putRecord(key: string, value: string, ttlMs: number | null): Promise<void> {
    this.write(key, value, ttlMs);
    await this.afterWrite(ttlMs === null ? null : Date.now() + ttlMs);
  }

  /** Creates the record unless a live one exists: true when this call created it. */
  async putRecordIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    return this.putRecordIfVersion(key, value, ttlMs, null);
  }

  /** Writes only when the live record's version is `expected` (null: only when there is none). */
  async putRecordIfVersion(key: string, value: string, ttlMs: number | null, expected: string | null): Promise<boolean> {
    // Check and write are synchronous, one after the other: no other call can run in between.
    if ((this.readRecord(key)?.version ?? null) !== expected) return false;
    this.write(key, value, ttlMs);
    await this.afterWrite(ttlMs === null ? null : Date.now() + ttlMs);
    return true;
  }

  async deleteRecordIfVersion(key: string, expected: string): Promise<boolean> {
    if (this.readRecord(key)?.version !== expected) return false;
    await this.deleteRecord(key);
    return true;
  }

  async deleteRecord(key: string): Promise<void> {
    if (!this.hasSchema()) return;
    this.sql.exec('DELETE FROM records WHERE key = ?', key);
    await this.releaseIfEmpty();
  }

  /** Adds `member` to index `name` at `score`, or moves it there. */
  async addToIndex(name: string, member: string, score: number): Promise<void> {
    this.ensureSchema();
    addIndexEntry(this.sql, name, member, score);
  }

  async removeFromIndex(name: string, member: string): Promise<void> {
    if (!this.hasSchema()) return;
    removeIndexEntry(this.sql, name, member);
    await this.releaseIfEmpty();
  }

  async readIndex(name: string, range: IndexRangeArgs): Promise<IndexEntry[]> {
    return this.hasSchema() ? readIndexEntries(this.sql, name, range) : [];
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

  private readRecord(key: string): RecordRow | null {
    if (!this.hasSchema()) return null;
    const row = this.sql.exec<RecordRow>('SELECT value, expires_at, version FROM records WHERE key = ?', key).toArray()[0];
    if (!row) return null;
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      this.sql.exec('DELETE FROM records WHERE key = ?', key);
      return null;
    }
    return row;
  }

  /** Every write gets a fresh random version, so a record deleted and created again never matches an old one. */
  private write(key: string, value: string, ttlMs: number | null): void {
    this.ensureSchema();
    this.sql.exec(
      'INSERT INTO records (key, value, expires_at, version) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, version = excluded.version',
      key,
      value,
      ttlMs === null ? null : Date.now() + ttlMs,
      crypto.randomUUID(),
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
    if (rowCount(this.sql) > 0) return;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.ready = false;
  }

  /** Tables exist; an object from an older deploy gets its missing tables and columns on first use. */
  private hasSchema(): boolean {
    if (!this.ready && hasTables(this.sql)) this.ensureSchema();
    return this.ready;
  }

  private ensureSchema(): void {
    if (this.ready) return;
    createOrMigrateTables(this.sql);
    this.ready = true;
  }
}
