-- Calls the transform-users component and adds a summary: Lua -> WebAssembly.
local funcs = require("funcs")
local logger = require("logger")

local function main(users)
  local out, err = funcs.call("sample.math:transform-users", users)
  if err then return nil, err end
  local adults = 0
  for _, u in ipairs(out) do
    if u.adult then adults = adults + 1 end
  end
  logger.info("transformed " .. #out .. " users")
  return { users = out, adults = adults }
end

return { main = main }
