-- Registers a distinct new Avro schema under a distinct subject with every request.
-- Arguments: a run prefix (unique per run and server) and optionally a count after which the
-- thread stops (for "register N schemas" phases; counts 200 answers only).
local prefix, limit, n, ok = "x", nil, 0, 0
local headers = { ["Content-Type"] = "application/vnd.schemaregistry.v1+json" }

init = function(args)
  prefix = args[1] or prefix
  if args[2] then limit = tonumber(args[2]) end
end

request = function()
  n = n + 1
  local name = "N" .. prefix .. "_" .. n
  local body = '{"schema":"{\\"type\\":\\"record\\",\\"name\\":\\"' .. name ..
      '\\",\\"fields\\":[{\\"name\\":\\"id\\",\\"type\\":\\"long\\"},{\\"name\\":\\"v' .. n ..
      '\\",\\"type\\":\\"string\\"}]}"}'
  return wrk.format("POST", "/subjects/new-" .. prefix .. "-" .. n .. "/versions", headers, body)
end

response = function(status, hdrs, body)
  if status == 200 then ok = ok + 1 end
  if limit and ok >= limit then wrk.thread:stop() end
end
