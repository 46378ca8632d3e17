-- A cached credential, unless an identity event revoked it (or its user or integration) after it was resolved.
-- KEYS[1]: the entry, named by the SHA-256 of the Authorization header (the credential itself is never stored)
-- Returns {entry or nil, Redis time in ms}; the caller stamps a fresh entry with that time as its resolved_at.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local entry = redis.call('GET', KEYS[1])
if not entry then
  return {false, now}
end
local cached = cjson.decode(entry)
local org = cached.organization_id
local marks = {'gw:revoked:subject:{' .. org .. '}:' .. cached.subject}
if type(cached.credential_id) == 'string' then
  marks[#marks + 1] = 'gw:revoked:credential:{' .. org .. '}:' .. cached.credential_id
end
if type(cached.integration) == 'string' then
  marks[#marks + 1] = 'gw:revoked:integration:{' .. org .. '}:' .. cached.integration
end
for _, mark in ipairs(marks) do
  local revoked_at = redis.call('GET', mark)
  if revoked_at and tonumber(revoked_at) >= tonumber(cached.resolved_at) then
    redis.call('DEL', KEYS[1])
    return {false, now}
  end
end
return {entry, now}
