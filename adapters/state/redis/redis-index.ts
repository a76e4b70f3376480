import type { IndexEntry, IndexPage, IndexRangeQuery } from '../../../src/ports/store';
import { compareMembers, nextCursor } from '../ordered-index';
import type { RedisClient } from './redis-connection';

const bound = (value: number | undefined, open: boolean, infinite: '-inf' | '+inf') => (value === undefined ? infinite : `${open ? '(' : ''}${value}`);

/** ZRANGEBYSCORE ... WITHSCORES answers member, score, member, score... */
const pairs = (reply: string[]): IndexEntry[] => {
  const entries: IndexEntry[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) entries.push({ member: reply[i] as string, score: Number(reply[i + 1]) });
  return entries;
};

/**
 * One page of a sorted set in (score, member) order. Sorted sets order equal scores by member
 * bytes, so a page resumes after its cursor in two steps: the members tied with the cursor's
 * score that sort after its member, then everything above that score. Not atomic across the
 * two reads, like any paged scan: an entry moved meanwhile may be seen twice or not at all.
 */
export const readIndexPage = async (redis: RedisClient, key: string, { min, max, limit, after }: IndexRangeQuery): Promise<IndexPage> => {
  const cursor = after && (min === undefined || after.score >= min) ? after : undefined;
  if (cursor && max !== undefined && cursor.score > max) return { entries: [], next: null };
  const entries: IndexEntry[] = [];
  if (cursor) {
    const ties = await redis.zrangebyscore(key, String(cursor.score), String(cursor.score));
    for (const member of ties) {
      if (entries.length < limit && compareMembers(member, cursor.member) > 0) entries.push({ member, score: cursor.score });
    }
  }
  if (entries.length < limit) {
    const lower = cursor ? bound(cursor.score, true, '-inf') : bound(min, false, '-inf');
    const reply = await redis.zrangebyscore(key, lower, bound(max, false, '+inf'), 'WITHSCORES', 'LIMIT', 0, limit - entries.length);
    entries.push(...pairs(reply));
  }
  return { entries, next: nextCursor(entries, limit) };
};
