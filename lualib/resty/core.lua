-- resty.core: the ngx API in Lua over Moongate's C helpers. Requiring it
-- replaces the builtin versions of these functions in the ngx table
-- (lua_load_resty_core on, the default, does it before init_by_lua).

local base = require "resty.core.base"

require "resty.core.base64"
require "resty.core.hash"
require "resty.core.misc"
require "resty.core.regex"
require "resty.core.shdict"
require "resty.core.uri"


return {
    version = base.version,
}
