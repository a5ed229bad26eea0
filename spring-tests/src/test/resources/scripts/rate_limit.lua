-- Fixed-window rate limiter: KEYS[1] counts the calls of the window, ARGV[1] is the limit,
-- ARGV[2] the window in seconds. Returns 1 (allowed) or 0.
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
if n > tonumber(ARGV[1]) then
  return 0
end
return 1
