-- wrk script: GET /v1/recommendations for users 1 .. USERS, paced by DELAY_MS per connection.
local users = tonumber(os.getenv("USERS") or "10000")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local path = os.getenv("BENCH_PATH") or "/v1/recommendations"
local key = os.getenv("BENCH_KEY")
local counter = 0

request = function()
  counter = counter + 1
  local p = path
  if path == "/v1/recommendations" then
    p = path .. "?k=10&user=" .. (counter * 7919 % users + 1)
  end
  return wrk.format("GET", p, { ["X-Api-Key"] = key })
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT path=%s rate=%.0f req/s p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms errors=%d requests=%d\n",
    path, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000, errors, summary.requests))
end
