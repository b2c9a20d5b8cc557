-- The gateway's answer to conditional reads (If-None-Match), loaded into the generated Envoy config by
-- scripts/gateway_http_cache.py. Runs before the HTTP cache:
--   request:  the client address the edge derived (after the trusted proxies) is passed on in
--             x-shopmesh-edge-client for the core listener, whatever the client sent there; a GET's If-None-Match is set aside (in dynamic metadata) and removed, so the cache may answer
--             it from a stored copy instead of passing it to a service;
--   response: a 200 whose ETag matches one of the set-aside tags (weak comparison, RFC 9110 13.1.2; "*"
--             matches any) becomes a 304 without a body, keeping ETag and Cache-Control.
local NAMESPACE = "shopmesh.conditional"

local function without_port(address)
  local bracketed = string.match(address, "^%[(.*)%]:%d+$")
  if bracketed ~= nil then
    return bracketed
  end
  return (string.gsub(address, "^([^:]+):%d+$", "%1"))
end

function envoy_on_request(handle)
  local headers = handle:headers()
  headers:replace("x-shopmesh-edge-client", without_port(handle:streamInfo():downstreamRemoteAddress()))
  local wanted = headers:get("if-none-match")
  if wanted == nil or headers:get(":method") ~= "GET" then
    return
  end
  handle:streamInfo():dynamicMetadata():set(NAMESPACE, "if_none_match", wanted)
  headers:remove("if-none-match")
end

local function opaque(tag)
  tag = string.gsub(tag, "^%s+", "")
  tag = string.gsub(tag, "%s+$", "")
  return (string.gsub(tag, "^W/", ""))
end

local function matches(wanted, etag)
  if opaque(wanted) == "*" then
    return true
  end
  local current = opaque(etag)
  for tag in string.gmatch(wanted, "[^,]+") do
    if opaque(tag) == current then
      return true
    end
  end
  return false
end

function envoy_on_response(handle)
  local headers = handle:headers()
  local etag = headers:get("etag")
  if etag == nil or headers:get(":status") ~= "200" then
    return
  end
  local conditional = handle:streamInfo():dynamicMetadata():get(NAMESPACE)
  if conditional == nil or not matches(conditional["if_none_match"], etag) then
    return
  end
  headers:replace(":status", "304")
  handle:body():setBytes("")
  headers:remove("content-length")
  headers:remove("content-type")
end
