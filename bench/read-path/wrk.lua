-- POSTs the GraphQL request in the file $BODY, with the bearer token $TOKEN and the purpose $PURPOSE
-- if set, and counts the answers that are not a clean 200 without "errors".
local file = assert(io.open(os.getenv("BODY"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local purpose = os.getenv("PURPOSE")
if purpose and purpose ~= "" then
  wrk.headers["Passerelle-Purpose"] = purpose
end
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failed")
  end
  io.write(string.format("Answers with errors: %d\n", total))
end
