-- The gateway's rate limit: a sliding window of one-second buckets, counted atomically for every replica.
-- The same algorithm as dev.entrepot.gateway.ratelimit.SlidingWindow (read its comment for the why).
-- KEYS[1]: the hash of buckets of one organization and quota, field = unix second, value = admitted count
-- ARGV[1]: limit, ARGV[2]: window in seconds, ARGV[3]: units wanted (default 1; more is a replica's lease,
-- see dev.entrepot.gateway.ratelimit.Lease), of which as many are granted as the window has left
-- Returns {granted (0 = refused), remaining, reset ms, retry-after ms}; time is Redis's, so replicas agree.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3] or '1')
local time = redis.call('TIME')
local now_ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local now = tonumber(time[1])
local oldest = now - window + 1

local seconds = {}
local counts = {}
local used = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local second = tonumber(fields[i])
  if second < oldest then
    redis.call('HDEL', KEYS[1], fields[i])
  else
    local n = tonumber(fields[i + 1])
    used = used + n
    seconds[#seconds + 1] = second
    counts[second] = (counts[second] or 0) + n
  end
end

local granted = math.min(wanted, limit - used)
if granted < 0 then
  granted = 0
end
local admitted = granted > 0
if admitted then
  redis.call('HINCRBY', KEYS[1], now, granted)
  redis.call('PEXPIRE', KEYS[1], window * 1000 + 1000)
  if not counts[now] then
    seconds[#seconds + 1] = now
    counts[now] = 0
  end
  counts[now] = counts[now] + granted
  used = used + granted
end

table.sort(seconds)
local reset = window * 1000
local retry_after = 0
local needed = used - limit + 1
local freed = 0
for i, second in ipairs(seconds) do
  local leaves_in = (second + window) * 1000 - now_ms
  if i == 1 then
    reset = leaves_in
  end
  freed = freed + counts[second]
  if not admitted and freed >= needed then
    retry_after = leaves_in
    break
  end
end

local remaining = limit - used
if remaining < 0 then
  remaining = 0
end
return {granted, remaining, reset, retry_after}
