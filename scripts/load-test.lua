-- wrk script for scripts/load-test: every request carries the API token.
local token = os.getenv("BOPS_TOKEN") or error("BOPS_TOKEN is not set")
wrk.headers["Authorization"] = "Token " .. token
wrk.headers["Accept"] = "application/json"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f errors=%d non2xx=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, seconds, summary.requests / seconds, errors, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
