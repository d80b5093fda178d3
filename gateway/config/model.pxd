# gateway/config/model.py compiled (setup.py): the conf classes a request
# reads (its location, that location's merged settings, its server, the
# proxy_pass and upstream, the Lua chunks) as C structs. The .py's
# @dataclass makes them Cython dataclasses: the same fields, __init__,
# repr, eq and dataclasses.fields() as the plain module's. The fields are
# the dataclass fields in their order (t/test_compiled.py checks it); one
# typed with a class here holds that class or None, so a chain such as
# req.loc.conf.access_by_lua is loads in the compiled hot path.

cdef class LuaChunk:
    cdef public object directive, source, chunkname, where, path, args, path_template

cdef class Upstream:
    cdef public object name, where, servers, keepalive, keepalive_requests, keepalive_timeout
    cdef public object method, hash_key, hash_consistent
    cdef public LuaChunk balancer_by_lua

cdef class ProxyPass:
    cdef public object scheme, host, port, uri
    cdef public Upstream upstream
    cdef public object template

cdef class LocConf:
    cdef public object root, index, default_type, types, client_max_body_size
    cdef public object client_body_buffer_size, client_body_temp_path, client_body_timeout
    cdef public object send_timeout, keepalive_timeout, keepalive_requests, server_tokens
    cdef public object log_not_found, charset, charset_types, expires, etag, if_modified_since
    cdef public object max_ranges, access_rules, access_log, error_page, recursive_error_pages
    cdef public object add_header, lua_code_cache
    cdef public LuaChunk rewrite_by_lua, access_by_lua, header_filter_by_lua, body_filter_by_lua
    cdef public LuaChunk log_by_lua
    cdef public object proxy_set_header, proxy_http_version, proxy_connect_timeout
    cdef public object proxy_read_timeout, proxy_send_timeout, proxy_next_upstream
    cdef public object proxy_next_upstream_tries, proxy_next_upstream_timeout
    cdef public object proxy_intercept_errors, proxy_hide_header, proxy_pass_header
    cdef public object proxy_pass_request_headers, proxy_pass_request_body, proxy_buffering
    cdef public object proxy_method, proxy_set_body, proxy_ignore_client_abort
    cdef public object proxy_ssl_server_name, proxy_ssl_name, proxy_ssl_verify
    cdef public object proxy_ssl_trusted_certificate, proxy_ssl_protocols, proxy_ssl_ciphers
    cdef public object proxy_ssl_certificate, proxy_ssl_certificate_key, chunked_transfer_encoding
    cdef public object proxy_request_buffering, lua_check_client_abort, lua_need_request_body
    cdef public object lua_use_default_type, proxy_redirect, proxy_cookie_domain, proxy_cookie_path
    cdef public object limit_req, limit_req_status, limit_req_log_level, limit_req_dry_run
    cdef public object limit_conn, limit_conn_status, limit_conn_log_level, limit_conn_dry_run
    cdef public object set_real_ip_from, satisfy, auth_basic, absolute_redirect, port_in_redirect
    cdef public object server_name_in_redirect, sub_filter, more_headers, more_input_headers
    cdef public object sub_filter_once, sub_filter_types, sub_filter_last_modified, gzip, autoindex
    cdef public object autoindex_format, autoindex_exact_size, autoindex_localtime, gzip_static
    cdef public object gzip_types, gzip_min_length, gzip_comp_level, gzip_vary, gzip_proxied
    cdef public object gzip_http_version, gzip_disable, auth_basic_user_file, auth_request
    cdef public object auth_request_set, real_ip_header, real_ip_recursive
    cdef public object lua_socket_connect_timeout, lua_socket_send_timeout, lua_socket_read_timeout
    cdef public object lua_socket_keepalive_timeout, lua_socket_pool_size, lua_socket_buffer_size
    cdef public object lua_socket_log_errors, lua_ssl_trusted_certificate, lua_ssl_protocols
    cdef public object lua_ssl_ciphers, lua_ssl_crl, lua_ssl_certificate, lua_ssl_certificate_key

cdef class Location:
    cdef public object modifier, pattern, where
    cdef public LocConf conf
    cdef public object regex, script
    cdef public LuaChunk content_by_lua
    cdef public ProxyPass proxy_pass
    cdef public object locations, internal, alias, try_files, before_content, plain_output
    cdef public object limit_except, preaccess, checks_auth, ordered_access, rewrites
    cdef public object lua_rewrite_first

cdef class Server:
    cdef public object where, listen, server_names
    cdef public LocConf conf
    cdef public object script, locations, client_header_timeout, client_header_buffer_size
    cdef public object large_client_header_buffers, ignore_invalid_headers, underscores_in_headers
    cdef public object ssl_certificate, ssl_certificate_key, ssl_protocols, ssl_ciphers
    cdef public object ssl_prefer_server_ciphers, ssl_context, exact, maps, try_files
    cdef public Location fallback
