import { createLuaScript } from './lua-script';

/**
 * A record's version on Redis is the SHA-1 of its stored text (`redis.sha1hex` inside the
 * script, the same digest the client takes of what GET answered), so versions need no extra
 * key: a compare-and-set stays single-key and works on any Cluster slot. With encryption at
 * rest every write has a fresh IV, so every write is a new version; in plaintext a value
 * written again byte for byte keeps its version, which is what "compare the value" means.
 */

/** KEYS[1] = record; ARGV = expected version ('' = must be absent), stored text, ttl ms (0 = none). Returns 1 when written. */
export const compareAndSetScript = createLuaScript(`
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif (not current) or redis.sha1hex(current) ~= ARGV[1] then
  return 0
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`);

/** KEYS[1] = record; ARGV[1] = expected version. Returns 1 when deleted. */
export const compareAndDeleteScript = createLuaScript(`
local current = redis.call('GET', KEYS[1])
if (not current) or redis.sha1hex(current) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);
