-- wrk script of the mixed workload (bench/mixed_load.py). BENCH_MIXED_STATE names a file of lines
-- "T token" (one a caller, in order), "E eventId" (the events whose RSVPs are toggled), "R caller
-- eventId" (an RSVP the caller has now: the database's, read before each run), "O writer" (the
-- round-robin position to go on from). Caller i toggles its RSVP to the i-th event.
-- Every request is one caller's (round-robin) GET /events/all?pageSize=100, every tenth read the
-- second page, except every WRITE_EVERY-th request: a write, by the next writer in round-robin,
-- so one caller never has two writes in flight. Every CREATE_EVERY-th write is POST /events/create
-- (BENCH_BODY); the others toggle the writer's RSVP to one event: POST (201) when they have none,
-- DELETE (204) when they have one. Each request carries an X-Request-ID that the app sends back,
-- so its answer is timed here and the reads get percentiles of their own. Any non-2xx is counted;
-- bench/http_load.py stops the run on it.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local WRITE_EVERY, CREATE_EVERY, PAGE_TWO_EVERY = 20, 5, 10
local tokens, events, has_rsvp = {}, {}, {}
local writer = 0
for line in io.lines(os.getenv("BENCH_MIXED_STATE")) do
  local kind, a, b = line:match("^(%u) (%S+) ?(%S*)$")
  if kind == "T" then
    tokens[#tokens + 1] = a
  elseif kind == "E" then
    events[#events + 1] = a
  elseif kind == "R" then
    has_rsvp[a .. " " .. b] = true
  elseif kind == "O" then
    writer = tonumber(a)
  end
end
local create_body = os.getenv("BENCH_BODY")

-- Read by done() through thread:get, so global in each thread.
read_latencies, writes, deletes, non2xx = {}, 0, 0, 0
local sent, reads, started = 0, 0, {}

request = function()
  sent = sent + 1
  local headers = { ["Accept"] = "application/json" }
  local caller, method, path, body, id
  if sent % WRITE_EVERY == 0 then
    writes = writes + 1
    caller = (writer + writes - 1) % #tokens + 1
    id = "w" .. sent
    if writes % CREATE_EVERY == 0 then
      method, path, body = "POST", "/events/create", create_body
      headers["Content-Type"] = "application/json"
    else
      local event = events[(caller - 1) % #events + 1]
      local pair = caller .. " " .. event
      method = has_rsvp[pair] and "DELETE" or "POST"
      deletes = deletes + (has_rsvp[pair] and 1 or 0)
      has_rsvp[pair] = not has_rsvp[pair] or nil
      path = "/events/" .. event .. "/rsvp"
    end
  else
    reads = reads + 1
    caller = (reads - 1) % #tokens + 1
    id = "r" .. sent
    method, path = "GET", "/events/all?pageSize=100"
    if reads % PAGE_TWO_EVERY == 0 then
      path = path .. "&page=2"
    end
  end
  headers["Authorization"] = "Bearer " .. tokens[caller]
  headers["X-Request-ID"] = id
  started[id] = now_us()
  return wrk.format(method, path, headers, body)
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local id = headers["X-Request-ID"] or headers["x-request-id"]
  local t0 = id and started[id]
  if t0 then
    started[id] = nil
    if id:sub(1, 1) == "r" then
      read_latencies[#read_latencies + 1] = now_us() - t0
    end
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local timed, failed, written, deleted = {}, summary.errors.status, 0, 0
  for _, thread in ipairs(threads) do
    for _, us in ipairs(thread:get("read_latencies")) do
      timed[#timed + 1] = us
    end
    failed = math.max(failed, thread:get("non2xx"))
    written = written + thread:get("writes")
    deleted = deleted + thread:get("deletes")
  end
  table.sort(timed)
  local function percentile(p)
    return #timed > 0 and timed[math.max(1, math.ceil(#timed * p / 100))] or 0
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"reads_timed": %d, "reads_p50_us": %d, "reads_p99_us": %d, "writes": %d, "deletes": %d, ' ..
    '"non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    #timed, percentile(50), percentile(99), written, deleted,
    failed, errors.connect + errors.read + errors.write + errors.timeout))
end
