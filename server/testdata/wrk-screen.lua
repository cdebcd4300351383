-- wrk script for the speed bar: POST /v1/screen with the benchmark's
-- queries in turn (as BenchmarkScreenAPI sends them), with the key in
-- $CLEARANCE_KEY.
--
--   CLEARANCE_KEY=clk_... wrk -t2 -c16 -d30s --latency -s server/testdata/wrk-screen.lua http://127.0.0.1:8089
local bodies = {
  '{"name":"Kim Sang Man","country":"KP"}',
  '{"name":"Park Jin Hyok","dob":"1984"}',
  '{"name":"John Smith","type":"person"}',
  '{"name":"Korea Sobaeksu Trading Company"}',
  '{"name":"Maria Fernanda Oliveira","dob":"1990-04-02","country":"BR"}',
  '{"name":"Chinyong Information Technology Cooperation Company"}',
  '{"name":"Ali Hassan Mohammed"}',
  '{"name":"Ocean Maritime Management"}',
}
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. assert(os.getenv("CLEARANCE_KEY"), "set CLEARANCE_KEY"),
}
local n = 0

request = function()
  n = n + 1
  return wrk.format("POST", "/v1/screen", headers, bodies[n % #bodies + 1])
end

