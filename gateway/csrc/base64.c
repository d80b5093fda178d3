/*
 * base64 encoding and decoding, standard and URL-safe alphabets, with the
 * acceptance rules of nginx's ngx_decode_base64 (what ngx.decode_base64 and
 * ngx.base64.decode_base64url return nil for).
 */
#include "mg_ffi.h"

static const unsigned char std_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const unsigned char url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Reverse tables: a byte's 6-bit value, or BAD. Derived from the alphabets
 * once, at load time, rather than written out (2 x 256 entries by hand
 * invite a typo no test vector catches). */
#define BAD 0xff
static unsigned char std_values[256];
static unsigned char url_values[256];

static void fill_values(unsigned char *values, const unsigned char *alphabet)
{
    int i;

    for (i = 0; i < 256; i++) {
        values[i] = BAD;
    }
    for (i = 0; i < 64; i++) {
        values[alphabet[i]] = (unsigned char) i;
    }
}

/* Run when the shared object loads, before any caller can race on the
 * tables. */
__attribute__((constructor)) static void init_values(void)
{
    fill_values(std_values, std_alphabet);
    fill_values(url_values, url_alphabet);
}

size_t mg_ffi_base64_encoded_length(size_t len, int no_padding)
{
    /* padded: 4 characters per started group of 3 bytes; unpadded: one
     * character per started 6 bits */
    return no_padding ? (len * 8 + 5) / 6 : (len + 2) / 3 * 4;
}

size_t mg_ffi_base64_decoded_length(size_t len)
{
    return (len + 3) / 4 * 3;
}

static size_t encode(const unsigned char *src, size_t len, unsigned char *dst,
                     const unsigned char *alphabet, int padding)
{
    unsigned char *d = dst;

    for (; len >= 3; src += 3, len -= 3) {
        *d++ = alphabet[src[0] >> 2];
        *d++ = alphabet[((src[0] & 0x03) << 4) | (src[1] >> 4)];
        *d++ = alphabet[((src[1] & 0x0f) << 2) | (src[2] >> 6)];
        *d++ = alphabet[src[2] & 0x3f];
    }

    if (len > 0) {
        /* one or two bytes left: their bits, zero-filled, then padding */
        *d++ = alphabet[src[0] >> 2];
        if (len == 1) {
            *d++ = alphabet[(src[0] & 0x03) << 4];
            if (padding) {
                *d++ = '=';
                *d++ = '=';
            }
        } else {
            *d++ = alphabet[((src[0] & 0x03) << 4) | (src[1] >> 4)];
            *d++ = alphabet[(src[1] & 0x0f) << 2];
            if (padding) {
                *d++ = '=';
            }
        }
    }

    return (size_t) (d - dst);
}

static int decode(const unsigned char *src, size_t len, unsigned char *dst,
                  size_t *dlen, const unsigned char *values)
{
    const unsigned char *s = src;
    unsigned char *d = dst;
    size_t n;

    /* The data ends at the first '=': nginx looks at nothing after it, so
     * neither do we (padding is neither required nor checked). */
    for (n = 0; n < len && src[n] != '='; n++) {
        if (values[src[n]] == BAD) {
            return 1;
        }
    }

    /* a single character left over carries only 6 bits: not a byte */
    if (n % 4 == 1) {
        return 1;
    }

    for (; n >= 4; s += 4, n -= 4) {
        *d++ = (unsigned char) (values[s[0]] << 2 | values[s[1]] >> 4);
        *d++ = (unsigned char) (values[s[1]] << 4 | values[s[2]] >> 2);
        *d++ = (unsigned char) (values[s[2]] << 6 | values[s[3]]);
    }

    /* a last group of 2 or 3 characters: 1 or 2 bytes; its unused low bits
     * are dropped unchecked, as nginx drops them */
    if (n >= 2) {
        *d++ = (unsigned char) (values[s[0]] << 2 | values[s[1]] >> 4);
    }
    if (n == 3) {
        *d++ = (unsigned char) (values[s[1]] << 4 | values[s[2]] >> 2);
    }

    *dlen = (size_t) (d - dst);
    return 0;
}

size_t mg_ffi_encode_base64(const unsigned char *src, size_t len,
                            unsigned char *dst, int no_padding)
{
    return encode(src, len, dst, std_alphabet, !no_padding);
}

int mg_ffi_decode_base64(const unsigned char *src, size_t len,
                         unsigned char *dst, size_t *dlen)
{
    return decode(src, len, dst, dlen, std_values);
}

size_t mg_ffi_encode_base64url(const unsigned char *src, size_t len,
                               unsigned char *dst)
{
    return encode(src, len, dst, url_alphabet, 0);
}

int mg_ffi_decode_base64url(const unsigned char *src, size_t len,
                            unsigned char *dst, size_t *dlen)
{
    return decode(src, len, dst, dlen, url_values);
}
