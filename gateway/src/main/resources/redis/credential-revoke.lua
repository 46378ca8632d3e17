-- Marks a credential, user or integration as revoked now (Redis time), so every cached entry resolved
-- before this moment is refused by credential-lookup.lua on every replica.
-- KEYS[1]: the mark, ARGV[1]: how long to keep it in ms (longer than any cached entry lives)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('SET', KEYS[1], now, 'PX', ARGV[1])
return now
