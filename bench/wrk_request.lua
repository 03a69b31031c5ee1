-- wrk script: the request comes from the environment (BENCH_METHOD, BENCH_TOKEN, BENCH_BODY,
-- BENCH_UNIQUE: a query parameter of its own on every request, so the list cache never answers);
-- the summary is printed as one JSON line that bench/http_load.py reads.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/json"
local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

if os.getenv("BENCH_UNIQUE") == "1" then
  local sent = 0
  request = function()
    sent = sent + 1
    return wrk.format(nil, wrk.path .. "&nocache=" .. sent)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
