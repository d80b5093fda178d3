-- The access rule of docker/compose/moongate.conf, as a module: this is how
-- Lua of your own ships with a conf (lua_package_path names this directory).
local _M = {}

-- Only reads reach the backend.
local READ_METHODS = { GET = true, HEAD = true }

function _M.check()
    if not READ_METHODS[ngx.req.get_method()] then
        return ngx.exit(ngx.HTTP_NOT_ALLOWED)
    end
end

return _M
