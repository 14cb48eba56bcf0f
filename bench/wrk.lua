-- wrk script for bench/run.py.
--
-- BENCH_REQUESTS names a file of requests, one per line: METHOD <tab> PATH <tab> TOKEN <tab> BODY
-- (TOKEN and BODY may be empty). Each connection's requests cycle through the file; "{n}" in a
-- body becomes a number unique to this run, so that created articles get distinct titles.
-- BENCH_OUT names the file where done() writes the summary as JSON.

local requests = {}
local index = 0
local counter = 0
local threads = 0
thread_id = 0 -- a global: setup() sets it in each thread's own Lua state

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_REQUESTS")))
  for line in file:lines() do
    local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Token " .. token end
    if body == "" then
      body = nil
    else
      headers["Content-Type"] = "application/json"
    end
    local templated = body ~= nil and body:find("{n}", 1, true) ~= nil
    local prepared = nil
    if not templated then prepared = wrk.format(method, path, headers, body) end
    table.insert(requests, {method = method, path = path, headers = headers, body = body,
                            prepared = prepared})
  end
  file:close()
  -- Start each thread at a different place in the list.
  index = (thread_id * 7919) % #requests
end

function request()
  index = index % #requests + 1
  local r = requests[index]
  if r.prepared ~= nil then return r.prepared end
  counter = counter + 1
  local body = r.body:gsub("{n}", thread_id .. "-" .. counter)
  return wrk.format(r.method, r.path, r.headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
  out:close()
end
