/*
 * URI escaping and unescaping for ngx.escape_uri / ngx.unescape_uri and the
 * request API (query strings, proxy_pass URIs).
 */
#include "mg_ffi.h"

/*
 * The bytes each of nginx's escape types turns into %XX, as 256-bit sets:
 * word w, bit b stands for byte 32 * w + b. Every type escapes the control
 * characters and space (word 0); the rest, by type:
 *   0 uri            # % ?  and DEL and above
 *   1 args           # % + ?  and DEL and above
 *   2 uri component  " # $ % & + , / : ; < = > ? @ [ \ ] ^ ` { | }  and DEL+
 *   3 html           " # % '  and DEL and above
 *   4 refresh        " '  and DEL and above
 *   5 memcached      %
 *   6 mail auth      %
 * (measured byte by byte on OpenResty; t/test_csrc.py holds them as byte
 * strings and checks every byte of every type against these sets).
 */
static const uint32_t escape_sets[7][8] = {
    {0xffffffff, 0x80000029, 0x00000000, 0x80000000,
     0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0xffffffff, 0x80000829, 0x00000000, 0x80000000,
     0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0xffffffff, 0xfc00987d, 0x78000001, 0xb8000001,
     0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0xffffffff, 0x000000ad, 0x00000000, 0x80000000,
     0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0xffffffff, 0x00000085, 0x00000000, 0x80000000,
     0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0xffffffff, 0x00000021, 0x00000000, 0x00000000,
     0x00000000, 0x00000000, 0x00000000, 0x00000000},
    {0xffffffff, 0x00000021, 0x00000000, 0x00000000,
     0x00000000, 0x00000000, 0x00000000, 0x00000000},
};

#define ESCAPED(set, c) ((set)[(c) >> 5] & (1u << ((c) & 31)))

size_t mg_ffi_escape_uri(const unsigned char *src, size_t len,
                         unsigned char *dst, int type)
{
    static const char hex[] = "0123456789ABCDEF";
    const uint32_t *set;
    unsigned char *d;
    size_t i, n;

    if (type < MG_FFI_ESCAPE_URI || type > MG_FFI_ESCAPE_MAIL_AUTH) {
        /* an unknown type escapes nothing (callers check the range
         * first, as ngx.escape_uri does): a plain copy */
        if (dst != NULL) {
            for (i = 0; i < len; i++) {
                dst[i] = src[i];
            }
        }
        return len;
    }

    set = escape_sets[type];

    if (dst == NULL) {
        /* sizing pass: two more bytes per escaped one */
        n = len;
        for (i = 0; i < len; i++) {
            if (ESCAPED(set, src[i])) {
                n += 2;
            }
        }
        return n;
    }

    d = dst;
    for (i = 0; i < len; i++) {
        if (ESCAPED(set, src[i])) {
            *d++ = '%';
            *d++ = (unsigned char) hex[src[i] >> 4];
            *d++ = (unsigned char) hex[src[i] & 0x0f];
        } else {
            *d++ = src[i];
        }
    }

    return (size_t) (d - dst);
}

/* a hex digit's value, or -1 */
static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;     /* lower case; leaves digits and most else outside a..f */
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

size_t mg_ffi_unescape_uri(const unsigned char *src, size_t len,
                           unsigned char *dst, int plus)
{
    unsigned char *d = dst;
    size_t i;
    int hi, lo;

    for (i = 0; i < len; i++) {
        if (src[i] == '%' && len - i > 2
            && (hi = hex_value(src[i + 1])) >= 0
            && (lo = hex_value(src[i + 2])) >= 0)
        {
            *d++ = (unsigned char) (hi << 4 | lo);
            i += 2;
        } else if (src[i] == '+' && plus) {
            *d++ = ' ';
        } else {
            /* a malformed escape stays as it is, '%' and all */
            *d++ = src[i];
        }
    }

    return (size_t) (d - dst);
}
