/*
 * HMAC-SHA1 (RFC 2104) for ngx.hmac_sha1.
 */
#include <string.h>

#include "mg_ffi.h"

#define BLOCK 64    /* SHA-1's block size: HMAC pads the key to it */

void mg_ffi_hmac_sha1(const unsigned char *key, size_t klen,
                      const unsigned char *src, size_t len,
                      unsigned char *dst)
{
    unsigned char k[BLOCK], pad[BLOCK], inner[MG_FFI_SHA1_LEN];
    mg_ffi_sha1_ctx_t ctx;
    int i;

    /* a key longer than a block is replaced by its digest; shorter ones
     * are zero-filled to the block */
    memset(k, 0, BLOCK);
    if (klen > BLOCK) {
        mg_ffi_sha1_bin(key, klen, k);
    } else if (klen > 0) {
        memcpy(k, key, klen);
    }

    /* inner = H((K ^ ipad) || message) */
    for (i = 0; i < BLOCK; i++) {
        pad[i] = k[i] ^ 0x36;
    }
    mg_ffi_sha1_init(&ctx);
    mg_ffi_sha1_update(&ctx, pad, BLOCK);
    mg_ffi_sha1_update(&ctx, src, len);
    mg_ffi_sha1_final(&ctx, inner);

    /* result = H((K ^ opad) || inner) */
    for (i = 0; i < BLOCK; i++) {
        pad[i] = k[i] ^ 0x5c;
    }
    mg_ffi_sha1_init(&ctx);
    mg_ffi_sha1_update(&ctx, pad, BLOCK);
    mg_ffi_sha1_update(&ctx, inner, MG_FFI_SHA1_LEN);
    mg_ffi_sha1_final(&ctx, dst);
}
