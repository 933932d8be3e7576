-- wrk script: POST one OIP V2 inference request, stop after LIMIT responses per thread, and print
-- p50/p95/p99/max in milliseconds (wrk's own --latency output has no p95).
local limit = tonumber(os.getenv("LIMIT") or "200")
local count = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = [[{"inputs": [
  {"name": "amount", "datatype": "FP64", "shape": [1], "data": [144.1]},
  {"name": "distance_km", "datatype": "FP64", "shape": [1], "data": [14.1]},
  {"name": "hour", "datatype": "FP64", "shape": [1], "data": [5]},
  {"name": "country", "datatype": "BYTES", "shape": [1], "data": ["NG"]}]}]]

function response(status, headers, body)
  count = count + 1
  if count >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d errors, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
