/*
 * Moongate's C helpers: every function the gateway and lualib/ reach through
 * cffi (gateway._helpers) or the Lua ffi (ffi.C, after dlopen of that module).
 *
 * This file is also the cffi cdef: gateway/csrc/build.py drops the lines that
 * start with '#' (include guard, #include) except `#define NAME <integer>`, so
 * below the guard keep to what cffi parses: typedefs, structs, prototypes and
 * simple integer #defines.
 *
 * Conventions (lua-resty-core's C side): callers pass output buffers and
 * their sizes; functions return a length, or 0 / a nonzero code for
 * success / failure. No function allocates or keeps a pointer.
 */
#ifndef MG_FFI_H
#define MG_FFI_H

#include <stddef.h>
#include <stdint.h>

/* -- base64 (base64.c) ---------------------------------------------------- */

/* Output size for `len` input bytes: encoding (with and without padding) and
 * an upper bound for decoding. The Lua side computes the same itself. */
size_t mg_ffi_base64_encoded_length(size_t len, int no_padding);
size_t mg_ffi_base64_decoded_length(size_t len);

/* Standard alphabet (RFC 4648 section 4). dst holds
 * mg_ffi_base64_encoded_length(len, no_padding) bytes; returns the length
 * written. */
size_t mg_ffi_encode_base64(const unsigned char *src, size_t len,
                            unsigned char *dst, int no_padding);

/* Decodes as nginx's ngx_decode_base64: input ends at the first '=' (what
 * follows it is ignored); any other byte outside the alphabet, or a length
 * of 4n+1 before the '=', is bad input. dst holds
 * mg_ffi_base64_decoded_length(len) bytes. Returns 0 and sets *dlen, or 1 on
 * bad input. */
int mg_ffi_decode_base64(const unsigned char *src, size_t len,
                         unsigned char *dst, size_t *dlen);

/* URL-safe alphabet ('-' and '_', RFC 4648 section 5), never padded on
 * encoding (nginx's ngx_encode_base64url); decoding as above but with the
 * URL-safe alphabet only. */
size_t mg_ffi_encode_base64url(const unsigned char *src, size_t len,
                               unsigned char *dst);
int mg_ffi_decode_base64url(const unsigned char *src, size_t len,
                            unsigned char *dst, size_t *dlen);

/* -- md5 (md5.c, RFC 1321) ------------------------------------------------ */

#define MG_FFI_MD5_LEN 16

typedef struct {
    uint32_t state[4];
    uint64_t bytes;             /* message length so far */
    unsigned char block[64];    /* a partial block, bytes % 64 of it used */
} mg_ffi_md5_ctx_t;

void mg_ffi_md5_init(mg_ffi_md5_ctx_t *ctx);
void mg_ffi_md5_update(mg_ffi_md5_ctx_t *ctx, const unsigned char *src,
                       size_t len);
void mg_ffi_md5_final(mg_ffi_md5_ctx_t *ctx, unsigned char *dst);

/* One shot: dst gets the 16-byte digest (mg_ffi_md5), or its 32 lowercase
 * hex digits (mg_ffi_md5_hex, ngx.md5's format). */
void mg_ffi_md5(const unsigned char *src, size_t len, unsigned char *dst);
void mg_ffi_md5_hex(const unsigned char *src, size_t len, unsigned char *dst);

/* -- sha1 (sha1.c, FIPS 180-4) -------------------------------------------- */

#define MG_FFI_SHA1_LEN 20

typedef struct {
    uint32_t state[5];
    uint64_t bytes;
    unsigned char block[64];
} mg_ffi_sha1_ctx_t;

void mg_ffi_sha1_init(mg_ffi_sha1_ctx_t *ctx);
void mg_ffi_sha1_update(mg_ffi_sha1_ctx_t *ctx, const unsigned char *src,
                        size_t len);
void mg_ffi_sha1_final(mg_ffi_sha1_ctx_t *ctx, unsigned char *dst);

/* One shot: dst gets the 20-byte digest. */
void mg_ffi_sha1_bin(const unsigned char *src, size_t len, unsigned char *dst);

/* -- hmac (hmac.c, RFC 2104 over SHA-1) ----------------------------------- */

/* dst gets the 20-byte HMAC-SHA1 of src under key (any key length). */
void mg_ffi_hmac_sha1(const unsigned char *key, size_t klen,
                      const unsigned char *src, size_t len,
                      unsigned char *dst);

/* -- crc32 (crc32.c) ------------------------------------------------------ */

/* The standard CRC-32 (reflected 0xEDB88320, as zlib and nginx compute it).
 * Both give the same value: _short walks a 16-entry table (nginx's choice for
 * short keys, small in cache), _long a 256-entry one. */
unsigned int mg_ffi_crc32_short(const unsigned char *src, size_t len);
unsigned int mg_ffi_crc32_long(const unsigned char *src, size_t len);

/* -- uri escaping (uri.c) ------------------------------------------------- */

/* nginx's escape types (NGX_ESCAPE_*): which bytes become %XX. */
#define MG_FFI_ESCAPE_URI 0
#define MG_FFI_ESCAPE_ARGS 1
#define MG_FFI_ESCAPE_URI_COMPONENT 2
#define MG_FFI_ESCAPE_HTML 3
#define MG_FFI_ESCAPE_REFRESH 4
#define MG_FFI_ESCAPE_MEMCACHED 5
#define MG_FFI_ESCAPE_MAIL_AUTH 6

/* Escapes the bytes of the given type as %XX (uppercase hex) into dst and
 * returns the escaped length. With dst NULL nothing is written and the
 * return value is the length dst needs (len when nothing needs escaping); a
 * type out of range escapes nothing. */
size_t mg_ffi_escape_uri(const unsigned char *src, size_t len,
                         unsigned char *dst, int type);

/* Decodes well-formed %XX escapes (either hex case) into dst, and '+' as a
 * space when plus is nonzero (ngx.unescape_uri); a '%' not followed by two
 * hex digits stays as it is. dst holds len bytes (decoding never grows);
 * returns the decoded length. */
size_t mg_ffi_unescape_uri(const unsigned char *src, size_t len,
                           unsigned char *dst, int plus);

/* ==== regex (regex.c) ======================================================
 * Regular expressions over PCRE2, for ngx.re (gateway/ngx/regex.py through
 * cffi, lualib/resty/core/regex.lua through the Lua ffi).
 *
 * Unlike the helpers above, a compiled regex is a handle that owns memory
 * (the PCRE2 code, its match data, the capture offsets, a substitution
 * buffer): mg_ffi_regex_compile makes one, mg_ffi_regex_free ends it.
 * Handles compiled with MG_FFI_REGEX_ONCE may come from (and then stay in)
 * the process-wide compile-once cache: `cached` is 1 and free ignores them.
 * Everything else is plain data a LuaJIT-style ffi reads as numbers.
 */

/* Option flags: the letters of ngx.re's options argument. */
#define MG_FFI_REGEX_CASELESS 1         /* i */
#define MG_FFI_REGEX_MULTILINE 2        /* m */
#define MG_FFI_REGEX_DOTALL 4           /* s */
#define MG_FFI_REGEX_EXTENDED 8         /* x */
#define MG_FFI_REGEX_UTF 16             /* u, and U with NO_UTF_CHECK */
#define MG_FFI_REGEX_NO_UTF_CHECK 32    /* U: the subject is trusted UTF-8 */
#define MG_FFI_REGEX_JIT 64             /* j */
#define MG_FFI_REGEX_ONCE 128           /* o: the compile-once cache */
#define MG_FFI_REGEX_ANCHORED 256       /* a */
#define MG_FFI_REGEX_DUPNAMES 512       /* D: duplicate names, arrays of values */
#define MG_FFI_REGEX_JAVASCRIPT 1024    /* J: \u, unset back references match "" */
#define MG_FFI_REGEX_DFA 2048           /* d: longest match, no captures */

/* Results of exec and subst besides a match count (>= 1). Other negative
 * values are PCRE2's error codes (see pcre2api: -33 bad offset, -47 match
 * limit, -3..-23 bad UTF-8, ...), which ngx.re reports as
 * "pcre_exec() failed: <code>". */
#define MG_FFI_REGEX_NOMATCH -1         /* PCRE2_ERROR_NOMATCH */
#define MG_FFI_REGEX_NOMEM -1001        /* malloc failed */
#define MG_FFI_REGEX_TOO_LONG -1002     /* subject over INT_MAX bytes */

#define MG_FFI_REGEX_CACHE_MAX_DEFAULT 1024   /* lua_regex_cache_max_entries */

typedef struct mg_ffi_regex_s {
    int ncaptures;          /* capture groups of the pattern (0 with DFA) */
    int *captures;          /* 2 * (ncaptures + 1) offsets of the last exec:
                               start and end of the match, then of each
                               group; -1 for a group that did not take part */
    int name_count;         /* named groups (entries of name_table) */
    int name_entry_size;    /* bytes per entry */
    const unsigned char *name_table;   /* entries: the group number in 2
                               bytes, big-endian, then the NUL-terminated
                               name; sorted by name (duplicates adjacent) */
    int flags;              /* the MG_FFI_REGEX_* it was compiled with */
    int cached;             /* 1: owned by the compile-once cache */
    void *priv;             /* regex.c's own state */
} mg_ffi_regex_t;

/* A compiled replacement template ($0, $1, ${1}, $$; ${name} when allowed). */
typedef struct mg_ffi_regex_tpl_s mg_ffi_regex_tpl_t;

/* Parses ngx.re option letters into MG_FFI_REGEX_* flags. Returns 0, or the
 * 1-based position of the first unknown letter (flags then undefined). */
int mg_ffi_regex_parse_opts(const unsigned char *opts, size_t len,
                            int *flags);

/* Compiles pat (len bytes, NULs allowed). With MG_FFI_REGEX_ONCE the cache
 * is asked first, and a new regex goes in while the cache has room: a
 * result with ONCE in flags but cached == 0 means the cache was full (nginx
 * logs "lua exceeding regex cache max entries (N)"). On failure returns NULL
 * with a NUL-terminated message in errstr, nginx's wording:
 * `pcre2_compile() failed: <why> in "<pat>"[ at "<rest>"]`. */
mg_ffi_regex_t *mg_ffi_regex_compile(const unsigned char *pat, size_t len,
                                     int flags, char *errstr,
                                     size_t errstr_size);

/* Ends a handle (nothing for a cached one, or NULL). */
void mg_ffi_regex_free(mg_ffi_regex_t *re);

/* Matches subj from byte offset pos and fills re->captures. Returns the
 * number of the highest group set plus 1 (>= 1), MG_FFI_REGEX_NOMATCH, or
 * an error code (< -1). */
int mg_ffi_regex_exec(mg_ffi_regex_t *re, const unsigned char *subj,
                      size_t len, int pos);

/* Compiles a replacement template against re (group numbers may exceed
 * ncaptures: they expand to ""). ${name} is accepted only with allow_names
 * (OpenResty refuses it). NULL on a bad template, errstr saying why as
 * OpenResty's error.log does. */
mg_ffi_regex_tpl_t *mg_ffi_regex_tpl_compile(mg_ffi_regex_t *re,
                                             const unsigned char *tpl,
                                             size_t len, int allow_names,
                                             char *errstr,
                                             size_t errstr_size);
void mg_ffi_regex_tpl_free(mg_ffi_regex_tpl_t *tpl);

/* The template expanded for the last exec of re on subj: writes it to dst
 * when it fits in dst_size and returns its length either way. */
size_t mg_ffi_regex_tpl_eval(const mg_ffi_regex_tpl_t *tpl,
                             const mg_ffi_regex_t *re,
                             const unsigned char *subj, unsigned char *dst,
                             size_t dst_size);

/* ngx.re.sub (global 0) and gsub (global 1) with a template, in one call.
 * An empty match advances one byte, as OpenResty does. Returns the number
 * of substitutions (>= 0) or an error code (< -1). *out is subj itself
 * when nothing matched, else a buffer owned by re that stays valid until
 * the next subst on re. */
int mg_ffi_regex_subst(mg_ffi_regex_t *re, const mg_ffi_regex_tpl_t *tpl,
                       const unsigned char *subj, size_t len, int global,
                       const unsigned char **out, size_t *out_len);

/* The compile-once cache: set its maximum (lua_regex_cache_max_entries;
 * returns the previous one; entries beyond a lowered maximum stay; a
 * negative max only reads it), and count its entries. */
int mg_ffi_regex_cache_max(int max);
int mg_ffi_regex_cache_count(void);

/* lua_regex_match_limit (0: PCRE2's default) for every later exec. */
void mg_ffi_regex_set_match_limit(unsigned int limit);

/* ngx.re.opt("jit_stack_size", size): the JIT stack every later exec uses.
 * Returns 0, or -1 with a NUL-terminated message in errstr. */
int mg_ffi_regex_set_jit_stack_size(int size, char *errstr,
                                    size_t errstr_size);

/* PCRE2's own text for an error code (and ours for NOMEM, TOO_LONG);
 * returns its length. */
size_t mg_ffi_regex_error_message(int code, char *buf, size_t size);

/* ==== end of regex ========================================================= */

/* ==== shared dictionaries (shdict.c) =======================================
 * lua_shared_dict zones for ngx.shared.DICT (gateway/ngx/shdict.py through
 * cffi, lualib/resty/core/shdict.lua through the Lua ffi). A zone is shared
 * memory made before the workers fork; every call locks it. Strings are
 * copied out into *str_buf when they fit in *str_len bytes, else into a
 * malloc'd buffer (then *str_buf changes) that the caller frees with
 * mg_ffi_shdict_free_buf. Times are milliseconds; 0 means no expiry. */

/* value types, as lua-nginx-module numbers them */
#define MG_FFI_SHDICT_TNIL 0
#define MG_FFI_SHDICT_TBOOLEAN 1
#define MG_FFI_SHDICT_TNUMBER 3
#define MG_FFI_SHDICT_TSTRING 4
#define MG_FFI_SHDICT_TLIST 5

/* store's op flags */
#define MG_FFI_SHDICT_ADD 1
#define MG_FFI_SHDICT_REPLACE 2
#define MG_FFI_SHDICT_SAFE 4

/* results: OK, DECLINED (exists, not found, not a number, value not a
 * list: *err says which), ERROR (no memory) */
#define MG_FFI_SHDICT_OK 0
#define MG_FFI_SHDICT_ERROR -1
#define MG_FFI_SHDICT_DECLINED -5

#define MG_FFI_SHDICT_MIN_SIZE 8192

typedef struct mg_ffi_shdict_s mg_ffi_shdict_t;

/* A zone of size bytes (NULL with errno set when mmap fails), and its end
 * (not for named zones, which live as long as the process). */
mg_ffi_shdict_t *mg_ffi_shdict_create(size_t size);
void mg_ffi_shdict_destroy(mg_ffi_shdict_t *d);

/* lua_shared_dict NAME SIZE: the zone of that name, made on first use and
 * the same one afterwards while the size stays (a reload keeps the data);
 * lookup finds it by name (NULL if there is none). */
mg_ffi_shdict_t *mg_ffi_shdict_open(const unsigned char *name, size_t name_len, size_t size);
mg_ffi_shdict_t *mg_ffi_shdict_lookup(const unsigned char *name, size_t name_len);
size_t mg_ffi_shdict_capacity(mg_ffi_shdict_t *d);
size_t mg_ffi_shdict_free_space(mg_ffi_shdict_t *d);
void mg_ffi_shdict_free_buf(unsigned char *buf);

/* *value_type is TNIL when the key is missing (or expired without get_stale);
 * booleans come back in *num (0 or 1). */
int mg_ffi_shdict_get(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int get_stale,
                      int *value_type, unsigned char **str_buf, size_t *str_len, double *num,
                      int *user_flags, int *is_stale);

/* set (op 0), add, replace, each with SAFE; a TNIL value deletes. *forcible
 * is 1 when live items were evicted to make room. */
int mg_ffi_shdict_store(mg_ffi_shdict_t *d, int op, const unsigned char *key, size_t klen,
                        int value_type, const unsigned char *str, size_t len, double num,
                        long exptime_ms, int user_flags, const char **err, int *forcible);

/* *value += the stored number (or init, when has_init and the key is missing). */
int mg_ffi_shdict_incr(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, double *value,
                       int has_init, double init, long init_ttl_ms, const char **err,
                       int *forcible);

int mg_ffi_shdict_flush_all(mg_ffi_shdict_t *d);      /* every item goes, stale ones too */
int mg_ffi_shdict_flush_expired(mg_ffi_shdict_t *d, int max_count);   /* how many went */

/* The ms left (0: no expiry), or DECLINED for a missing key. */
long mg_ffi_shdict_get_ttl(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen);
int mg_ffi_shdict_set_expire(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                             long exptime_ms);

/* The live keys, most recently used first, as a 4-byte native length then
 * the bytes each, written to buf as far as size allows; returns the bytes
 * all of them need (call again with a larger buffer if that is more). */
size_t mg_ffi_shdict_get_keys(mg_ffi_shdict_t *d, int max_count, unsigned char *buf, size_t size);

/* Lists: push returns the new length (or an error code); pop gives TNIL
 * for an empty or missing list; llen is 0 for a missing key. */
long mg_ffi_shdict_push(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int left,
                        int value_type, const unsigned char *str, size_t len, double num,
                        const char **err);
int mg_ffi_shdict_pop(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int left,
                      int *value_type, unsigned char **str_buf, size_t *str_len, double *num,
                      const char **err);
long mg_ffi_shdict_llen(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                        const char **err);

/* limit_req_zone: the bucket of `key` takes a request (rates and excess in
 * milli-requests, rate per second). OK, with the bucket's excess after it
 * in *excess, kept only with `account` (a new bucket starts empty); BUSY
 * when that excess would pass `burst` (nothing changes); ERROR: no memory. */
#define MG_FFI_LIMIT_BUSY -3
int mg_ffi_limit_req(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int64_t rate,
                     int64_t burst, int account, int64_t *excess);

/* limit_conn_zone: the count of requests in progress for `key` goes up by
 * one (delta > 0) unless it is at `limit` (BUSY), or down by one. The new
 * count, or ERROR when the zone has no room for a new key. */
long mg_ffi_limit_conn(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int delta,
                       long limit);

/* ==== end of shared dictionaries ============================================ */

#endif /* MG_FFI_H */
