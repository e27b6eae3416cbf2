-- wrk script for benchmarks/load.py: every wrk thread is one logged-in user
-- (one connection, its own session cookie) requesting pages from a weighted
-- list, with a random think time between requests.
--   wrk -t50 -c50 -d60s --latency -s load.lua URL -- COOKIES THINK_MIN_MS THINK_MAX_MS PATHS RAMP_MS
-- A response other than 200 (e.g. a redirect to the login page) counts as an error.
-- wrk sends every connection's first request at once; people do not arrive in
-- the same millisecond, so each user starts RAMP_MS after the previous one
-- (wrk calls init for one thread after the other, before any of them runs).

local threads = {}
local created = 0

function setup(thread)
  created = created + 1
  thread:set("user", created)
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then table.insert(out, line) end
  end
  return out
end

function init(args)
  local cookies = lines(args[1])
  think_min, think_max = tonumber(args[2]), tonumber(args[3])
  paths = lines(args[4])
  local ramp = tonumber(args[5] or "0")
  if ramp > 0 then os.execute(string.format("sleep %.3f", ramp / 1000)) end
  not_200 = 0
  math.randomseed(user * 7919 + os.time())
  wrk.headers["Cookie"] = cookies[((user - 1) % #cookies) + 1]
  wrk.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function delay()
  if think_max <= 0 then return 0 end
  return math.random(think_min, think_max)
end

function response(status, headers, body)
  if status ~= 200 then not_200 = not_200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("not_200") or 0) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "mean_us": %.1f, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d, "not_200": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
    e.status, e.timeout, bad))
end
