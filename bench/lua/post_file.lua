-- POSTs the same JSON body (read from the file named by the first script argument) to the URL path.
init = function(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/vnd.schemaregistry.v1+json"
end
