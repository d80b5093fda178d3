"""The ngx.* API that Lua handlers see (lua-nginx-module's, see its README)."""
