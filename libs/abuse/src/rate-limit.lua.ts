/**
 * GCRA (generic cell rate algorithm) over several keys in one round trip. Each key stores its
 * "theoretical arrival time" (TAT, ms). A request costs period/limit ms of budget; it is allowed
 * while the TAT stays within one period of now. All keys must allow, otherwise none is charged,
 * so a request refused by its network limit does not also spend its IP budget.
 *
 * KEYS: the limit keys.  ARGV: for key i, ARGV[2i-1] = period ms, ARGV[2i] = limit.
 * Returns {allowed 0|1, retry-after ms, per-mille of each key's budget used after this request}.
 * The clock is Redis's own (TIME), so every API process agrees on it.
 */
export const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {1, 0}
local tats = {}
local retry = 0
for i = 1, #KEYS do
  local period = tonumber(ARGV[2 * i - 1])
  local limit = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  local new_tat = tat + period / limit
  local over = new_tat - now - period
  if over > 0 and over > retry then retry = over end
  tats[i] = new_tat
  out[i + 2] = math.floor((new_tat - now) * 1000 / period)
end
if retry > 0 then
  out[1] = 0
  out[2] = math.ceil(retry)
  return out
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], tostring(tats[i]), 'PX', math.max(1, math.ceil(tats[i] - now)))
end
return out
`;
