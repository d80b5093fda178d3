/* Shared dictionaries (lua_shared_dict): a hash table with LRU order and
 * expiry inside one shared memory zone that every worker process sees.
 *
 * The zone is an anonymous MAP_SHARED mapping made by the master before it
 * forks, so it sits at the same address in every worker; still, everything
 * inside it links by offsets from the zone's start, which keeps it
 * position-independent and lets a corrupt link be caught by a range check.
 *
 * One robust process-shared mutex guards the zone: a worker killed while
 * holding it (kill -9) leaves it to the next locker, which marks it
 * consistent again (the half-done operation's node stays as it was: every
 * change links a node in last, so the table never points at garbage).
 *
 * Memory inside the zone: a first-fit allocator over an address-ordered
 * free list that merges neighbours. When a store does not fit, expired
 * nodes go first, then the least recently used ones (up to EVICT_MAX, as
 * nginx's forcible eviction), unless the caller asked for a safe store.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "mg_ffi.h"

#define MAGIC 0x4d475344u           /* "MGSD" */
#define ALIGN 16
#define EVICT_MAX 30                /* LRU nodes a store may evict */
#define NIL_OFF 0                   /* offset 0 is the header: never a node */

typedef uint64_t off_t64;

typedef struct {
    size_t size;                    /* of the whole block, header included */
    off_t64 next;                   /* free blocks: the next free one */
} block_t;

typedef struct {
    off_t64 hnext;                  /* hash chain */
    off_t64 prev, next;             /* LRU list: next is older */
    int64_t expires;                /* ms on CLOCK_MONOTONIC; 0 = never */
    uint32_t hash;
    uint32_t key_len;
    uint32_t value_len;             /* bytes of value (a list: sizeof(list_t)) */
    int32_t user_flags;
    uint8_t value_type;
    /* then key bytes, then value bytes */
} node_t;

typedef struct {
    off_t64 head, tail;             /* items: head is the left end */
    uint64_t count;
} list_t;

typedef struct {
    off_t64 prev, next;
    uint32_t len;
    uint8_t value_type;             /* TNUMBER or TSTRING */
    /* then the value bytes */
} item_t;

typedef struct {
    uint32_t magic;
    pthread_mutex_t lock;
    size_t size;                    /* the zone */
    off_t64 heap, heap_end;         /* the allocator's range */
    off_t64 free_head;
    size_t free_bytes;
    off_t64 lru_head, lru_tail;     /* head: most recently used */
    uint64_t count;
    uint32_t nbuckets;              /* a power of two */
    off_t64 buckets[];
} zone_t;

struct mg_ffi_shdict_s {
    zone_t *z;
    struct mg_ffi_shdict_s *next;   /* the named zones of this process */
    size_t name_len;
    char name[];
};

/* lua_shared_dict zones by name: made in the master, inherited by forks */
static mg_ffi_shdict_t *named;

#define AT(z, off) ((void *) ((char *) (z) + (off)))
#define OFF(z, p) ((off_t64) ((char *) (p) - (char *) (z)))
#define NODE_KEY(n) ((unsigned char *) (n) + sizeof(node_t))
#define NODE_VALUE(n) (NODE_KEY(n) + (n)->key_len)
#define ITEM_VALUE(it) ((unsigned char *) (it) + sizeof(item_t))

static size_t align_up(size_t n)
{
    return (n + ALIGN - 1) & ~(size_t) (ALIGN - 1);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t hash_key(const unsigned char *key, size_t len)
{
    uint32_t h = 2166136261u;       /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) {
        h = (h ^ key[i]) * 16777619u;
    }
    return h;
}

/* -- the lock ------------------------------------------------------------- */

static void lock(zone_t *z)
{
    if (pthread_mutex_lock(&z->lock) == EOWNERDEAD) {
        pthread_mutex_consistent(&z->lock);     /* its holder died: go on */
    }
}

static void unlock(zone_t *z)
{
    pthread_mutex_unlock(&z->lock);
}

/* -- the allocator --------------------------------------------------------- */

static void *zalloc(zone_t *z, size_t n)
{
    size_t need = align_up(n + sizeof(block_t));
    off_t64 prev = NIL_OFF, cur = z->free_head;

    while (cur != NIL_OFF) {
        block_t *b = AT(z, cur);
        if (b->size >= need) {
            off_t64 rest_off;
            if (b->size - need >= sizeof(block_t) + ALIGN) {
                /* split: the tail stays free, in b's place in the list */
                block_t *rest = AT(z, cur + need);
                rest->size = b->size - need;
                rest->next = b->next;
                rest_off = cur + need;
                b->size = need;
            } else {
                rest_off = b->next;
            }
            if (prev == NIL_OFF) {
                z->free_head = rest_off;
            } else {
                ((block_t *) AT(z, prev))->next = rest_off;
            }
            z->free_bytes -= b->size;
            return (char *) b + sizeof(block_t);
        }
        prev = cur;
        cur = b->next;
    }
    return NULL;
}

static void zfree(zone_t *z, void *p)
{
    block_t *b = (block_t *) ((char *) p - sizeof(block_t));
    off_t64 off = OFF(z, b), prev = NIL_OFF, cur = z->free_head;

    while (cur != NIL_OFF && cur < off) {
        prev = cur;
        cur = ((block_t *) AT(z, cur))->next;
    }
    z->free_bytes += b->size;
    b->next = cur;
    if (cur != NIL_OFF && off + b->size == cur) {       /* merge the next one */
        block_t *n = AT(z, cur);
        b->size += n->size;
        b->next = n->next;
    }
    if (prev == NIL_OFF) {
        z->free_head = off;
        return;
    }
    block_t *pb = AT(z, prev);
    if (prev + pb->size == off) {                       /* merge into the previous one */
        pb->size += b->size;
        pb->next = b->next;
    } else {
        pb->next = off;
    }
}

/* -- nodes: hash chains and the LRU list --------------------------------- */

static off_t64 *bucket(zone_t *z, uint32_t hash)
{
    return &z->buckets[hash & (z->nbuckets - 1)];
}

static node_t *find(zone_t *z, const unsigned char *key, size_t len, uint32_t hash)
{
    off_t64 cur = *bucket(z, hash);

    while (cur != NIL_OFF) {
        node_t *n = AT(z, cur);
        if (n->hash == hash && n->key_len == len && memcmp(NODE_KEY(n), key, len) == 0) {
            return n;
        }
        cur = n->hnext;
    }
    return NULL;
}

static void lru_unlink(zone_t *z, node_t *n)
{
    if (n->prev != NIL_OFF) {
        ((node_t *) AT(z, n->prev))->next = n->next;
    } else {
        z->lru_head = n->next;
    }
    if (n->next != NIL_OFF) {
        ((node_t *) AT(z, n->next))->prev = n->prev;
    } else {
        z->lru_tail = n->prev;
    }
}

static void lru_push_front(zone_t *z, node_t *n)
{
    off_t64 off = OFF(z, n);

    n->prev = NIL_OFF;
    n->next = z->lru_head;
    if (z->lru_head != NIL_OFF) {
        ((node_t *) AT(z, z->lru_head))->prev = off;
    } else {
        z->lru_tail = off;
    }
    z->lru_head = off;
}

static void touch(zone_t *z, node_t *n)
{
    if (z->lru_head != OFF(z, n)) {
        lru_unlink(z, n);
        lru_push_front(z, n);
    }
}

static void free_list_items(zone_t *z, node_t *n)
{
    list_t *l = (list_t *) NODE_VALUE(n);
    off_t64 cur = l->head;

    while (cur != NIL_OFF) {
        item_t *it = AT(z, cur);
        cur = it->next;
        zfree(z, it);
    }
}

static void remove_node(zone_t *z, node_t *n)
{
    off_t64 off = OFF(z, n), *link = bucket(z, n->hash);

    while (*link != off) {
        link = &((node_t *) AT(z, *link))->hnext;
    }
    *link = n->hnext;
    lru_unlink(z, n);
    if (n->value_type == MG_FFI_SHDICT_TLIST) {
        free_list_items(z, n);
    }
    zfree(z, n);
    z->count--;
}

static int expired(const node_t *n, int64_t now)
{
    return n->expires != 0 && n->expires <= now;
}

/* Free expired nodes from the old end of the LRU list (at most max, 0 for
 * no limit); with force, the oldest node goes even if it has not expired.
 * Returns how many went. */
static int expire_some(zone_t *z, int max, int force)
{
    int64_t now = now_ms();
    off_t64 cur = z->lru_tail;
    int freed = 0;

    while (cur != NIL_OFF && (max == 0 || freed < max)) {
        node_t *n = AT(z, cur);
        off_t64 prev = n->prev;
        if (expired(n, now) || force) {
            remove_node(z, n);
            freed++;
            force = 0;
        } else if (max != 0) {
            break;          /* nginx looks at the oldest nodes only */
        }
        cur = prev;
    }
    return freed;
}

/* Memory for n bytes: expired nodes may go first; if safe is 0, up to
 * EVICT_MAX unexpired ones (least recently used first), setting *forcible. */
static void *alloc_evicting(zone_t *z, size_t n, int safe, int *forcible)
{
    void *p;
    int i;

    expire_some(z, 2, 0);
    p = zalloc(z, n);
    for (i = 0; p == NULL && !safe && i < EVICT_MAX; i++) {
        if (expire_some(z, 1, 1) == 0) {
            break;
        }
        *forcible = 1;
        p = zalloc(z, n);
    }
    return p;
}

static size_t value_size(int type, size_t str_len)
{
    switch (type) {
    case MG_FFI_SHDICT_TNUMBER:
        return sizeof(double);
    case MG_FFI_SHDICT_TBOOLEAN:
        return 1;
    case MG_FFI_SHDICT_TLIST:
        return sizeof(list_t);
    default:
        return str_len;
    }
}

static void write_value(unsigned char *dst, int type, const unsigned char *str, size_t len,
                        double num)
{
    if (type == MG_FFI_SHDICT_TNUMBER) {
        memcpy(dst, &num, sizeof(double));
    } else if (type == MG_FFI_SHDICT_TBOOLEAN) {
        dst[0] = num != 0;
    } else if (type == MG_FFI_SHDICT_TSTRING && len) {
        memcpy(dst, str, len);
    }
}

static node_t *new_node(zone_t *z, const unsigned char *key, size_t klen, uint32_t hash,
                        int type, size_t vlen, int safe, int *forcible)
{
    node_t *n = alloc_evicting(z, sizeof(node_t) + klen + vlen, safe, forcible);

    if (n == NULL) {
        return NULL;
    }
    memset(n, 0, sizeof(node_t));
    n->hash = hash;
    n->key_len = (uint32_t) klen;
    n->value_len = (uint32_t) vlen;
    n->value_type = (uint8_t) type;
    memcpy(NODE_KEY(n), key, klen);
    return n;
}

static void link_node(zone_t *z, node_t *n)
{
    off_t64 *b = bucket(z, n->hash);

    n->hnext = *b;
    *b = OFF(z, n);
    lru_push_front(z, n);
    z->count++;
}

static int64_t deadline(long exptime_ms)
{
    return exptime_ms > 0 ? now_ms() + exptime_ms : 0;
}

/* -- the zone -------------------------------------------------------------- */

static mg_ffi_shdict_t *create(const unsigned char *name, size_t name_len, size_t size)
{
    pthread_mutexattr_t attr;
    mg_ffi_shdict_t *d;
    zone_t *z;
    size_t nbuckets = 64, header;
    block_t *b;

    if (size < MG_FFI_SHDICT_MIN_SIZE) {
        size = MG_FFI_SHDICT_MIN_SIZE;
    }
    while (nbuckets * 512 < size) {
        nbuckets <<= 1;
    }
    z = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (z == MAP_FAILED) {
        return NULL;
    }
    d = malloc(sizeof(*d) + name_len + 1);
    if (d == NULL) {
        munmap(z, size);
        return NULL;
    }
    d->z = z;
    d->next = NULL;
    d->name_len = name_len;
    memcpy(d->name, name, name_len);
    d->name[name_len] = '\0';
    header = align_up(sizeof(zone_t) + nbuckets * sizeof(off_t64));
    memset(z, 0, header);
    z->size = size;
    z->nbuckets = (uint32_t) nbuckets;
    z->heap = header;
    z->heap_end = size;
    b = AT(z, header);
    b->size = size - header;
    b->next = NIL_OFF;
    z->free_head = header;
    z->free_bytes = b->size;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&z->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    z->magic = MAGIC;
    return d;
}

mg_ffi_shdict_t *mg_ffi_shdict_create(size_t size)
{
    return create((const unsigned char *) "", 0, size);
}

mg_ffi_shdict_t *mg_ffi_shdict_open(const unsigned char *name, size_t name_len, size_t size)
{
    mg_ffi_shdict_t *d = mg_ffi_shdict_lookup(name, name_len);

    if (d != NULL && d->z->size == (size < MG_FFI_SHDICT_MIN_SIZE ? MG_FFI_SHDICT_MIN_SIZE : size)) {
        return d;               /* a reload keeps the zone and what it holds */
    }
    d = create(name, name_len, size);
    if (d != NULL) {
        d->next = named;        /* newer first: a resized zone hides the old one */
        named = d;
    }
    return d;
}

mg_ffi_shdict_t *mg_ffi_shdict_lookup(const unsigned char *name, size_t name_len)
{
    mg_ffi_shdict_t *d;

    for (d = named; d != NULL; d = d->next) {
        if (d->name_len == name_len && memcmp(d->name, name, name_len) == 0) {
            return d;
        }
    }
    return NULL;
}

void mg_ffi_shdict_destroy(mg_ffi_shdict_t *d)
{
    if (d != NULL) {
        munmap(d->z, d->z->size);
        free(d);
    }
}

size_t mg_ffi_shdict_capacity(mg_ffi_shdict_t *d)
{
    return d->z->size;
}

size_t mg_ffi_shdict_free_space(mg_ffi_shdict_t *d)
{
    size_t n;

    lock(d->z);
    n = d->z->free_bytes;
    unlock(d->z);
    return n;
}

void mg_ffi_shdict_free_buf(unsigned char *buf)
{
    free(buf);
}

/* Copies a value out: into *buf when it fits in *len bytes, else into a
 * malloc'd buffer the caller frees with mg_ffi_shdict_free_buf. */
static int copy_out(const unsigned char *src, size_t n, unsigned char **buf, size_t *len)
{
    if (n > *len) {
        unsigned char *p = malloc(n ? n : 1);
        if (p == NULL) {
            return MG_FFI_SHDICT_ERROR;
        }
        *buf = p;
    }
    if (n) {
        memcpy(*buf, src, n);
    }
    *len = n;
    return MG_FFI_SHDICT_OK;
}

static int read_value(const node_t *n, int *type, unsigned char **buf, size_t *len, double *num)
{
    const unsigned char *v = NODE_VALUE(n);

    *type = n->value_type;
    if (n->value_type == MG_FFI_SHDICT_TNUMBER) {
        memcpy(num, v, sizeof(double));
        return MG_FFI_SHDICT_OK;
    }
    if (n->value_type == MG_FFI_SHDICT_TBOOLEAN) {
        *num = v[0];
        return MG_FFI_SHDICT_OK;
    }
    if (n->value_type == MG_FFI_SHDICT_TLIST) {
        return MG_FFI_SHDICT_OK;
    }
    return copy_out(v, n->value_len, buf, len);
}

/* -- get, store, incr -------------------------------------------------------- */

int mg_ffi_shdict_get(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int get_stale,
                      int *value_type, unsigned char **str_buf, size_t *str_len, double *num,
                      int *user_flags, int *is_stale)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    node_t *n;
    int rc = MG_FFI_SHDICT_OK;

    lock(z);
    n = find(z, key, klen, hash);
    *is_stale = 0;
    if (n == NULL || (expired(n, now_ms()) && !get_stale)) {
        *value_type = MG_FFI_SHDICT_TNIL;
    } else {
        *is_stale = expired(n, now_ms());
        *user_flags = n->user_flags;
        if (!*is_stale) {
            touch(z, n);
        }
        rc = read_value(n, value_type, str_buf, str_len, num);
    }
    unlock(z);
    return rc;
}

int mg_ffi_shdict_store(mg_ffi_shdict_t *d, int op, const unsigned char *key, size_t klen,
                        int value_type, const unsigned char *str, size_t len, double num,
                        long exptime_ms, int user_flags, const char **err, int *forcible)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    size_t vlen = value_size(value_type, len);
    node_t *old, *n;
    int live;

    *forcible = 0;
    lock(z);
    old = find(z, key, klen, hash);
    live = old != NULL && !expired(old, now_ms());
    if ((op & MG_FFI_SHDICT_ADD) && live) {
        unlock(z);
        *err = "exists";
        return MG_FFI_SHDICT_DECLINED;
    }
    if ((op & MG_FFI_SHDICT_REPLACE) && !live) {
        unlock(z);
        *err = "not found";
        return MG_FFI_SHDICT_DECLINED;
    }
    if (old != NULL) {
        remove_node(z, old);
    }
    if (value_type == MG_FFI_SHDICT_TNIL) {     /* set(key, nil): a delete */
        unlock(z);
        return MG_FFI_SHDICT_OK;
    }
    n = new_node(z, key, klen, hash, value_type, vlen, op & MG_FFI_SHDICT_SAFE, forcible);
    if (n == NULL) {
        unlock(z);
        *err = "no memory";
        return MG_FFI_SHDICT_ERROR;
    }
    n->expires = deadline(exptime_ms);
    n->user_flags = user_flags;
    write_value(NODE_VALUE(n), value_type, str, len, num);
    link_node(z, n);
    unlock(z);
    return MG_FFI_SHDICT_OK;
}

int mg_ffi_shdict_incr(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, double *value,
                       int has_init, double init, long init_ttl_ms, const char **err,
                       int *forcible)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    node_t *n;
    double cur;

    *forcible = 0;
    lock(z);
    n = find(z, key, klen, hash);
    if (n != NULL && expired(n, now_ms())) {
        remove_node(z, n);
        n = NULL;
    }
    if (n == NULL) {
        if (!has_init) {
            unlock(z);
            *err = "not found";
            return MG_FFI_SHDICT_DECLINED;
        }
        n = new_node(z, key, klen, hash, MG_FFI_SHDICT_TNUMBER, sizeof(double), 0, forcible);
        if (n == NULL) {
            unlock(z);
            *err = "no memory";
            return MG_FFI_SHDICT_ERROR;
        }
        n->expires = deadline(init_ttl_ms);
        *value += init;
        memcpy(NODE_VALUE(n), value, sizeof(double));
        link_node(z, n);
        unlock(z);
        return MG_FFI_SHDICT_OK;
    }
    if (n->value_type != MG_FFI_SHDICT_TNUMBER) {
        unlock(z);
        *err = "not a number";
        return MG_FFI_SHDICT_DECLINED;
    }
    memcpy(&cur, NODE_VALUE(n), sizeof(double));
    *value += cur;
    memcpy(NODE_VALUE(n), value, sizeof(double));
    touch(z, n);
    unlock(z);
    return MG_FFI_SHDICT_OK;
}

/* -- expiry ------------------------------------------------------------------- */

int mg_ffi_shdict_flush_all(mg_ffi_shdict_t *d)
{
    zone_t *z = d->z;

    /* OpenResty's items are gone for get_stale and flush_expired too */
    lock(z);
    while (z->lru_head != NIL_OFF) {
        remove_node(z, AT(z, z->lru_head));
    }
    unlock(z);
    return MG_FFI_SHDICT_OK;
}

int mg_ffi_shdict_flush_expired(mg_ffi_shdict_t *d, int max_count)
{
    zone_t *z = d->z;
    int64_t now = now_ms();
    off_t64 cur;
    int freed = 0;

    lock(z);
    cur = z->lru_tail;
    while (cur != NIL_OFF && (max_count <= 0 || freed < max_count)) {
        node_t *n = AT(z, cur);
        cur = n->prev;
        if (expired(n, now)) {
            remove_node(z, n);
            freed++;
        }
    }
    unlock(z);
    return freed;
}

long mg_ffi_shdict_get_ttl(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen)
{
    zone_t *z = d->z;
    node_t *n;
    long ttl;
    int64_t now = now_ms();

    lock(z);
    n = find(z, key, klen, hash_key(key, klen));
    if (n == NULL || expired(n, now)) {
        ttl = MG_FFI_SHDICT_DECLINED;
    } else {
        ttl = n->expires == 0 ? 0 : (long) (n->expires - now);
    }
    unlock(z);
    return ttl;
}

int mg_ffi_shdict_set_expire(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                             long exptime_ms)
{
    zone_t *z = d->z;
    node_t *n;
    int rc = MG_FFI_SHDICT_OK;

    lock(z);
    n = find(z, key, klen, hash_key(key, klen));
    if (n == NULL || expired(n, now_ms())) {
        rc = MG_FFI_SHDICT_DECLINED;
    } else {
        n->expires = deadline(exptime_ms);
    }
    unlock(z);
    return rc;
}

size_t mg_ffi_shdict_get_keys(mg_ffi_shdict_t *d, int max_count, unsigned char *buf, size_t size)
{
    zone_t *z = d->z;
    int64_t now = now_ms();
    size_t used = 0;
    off_t64 cur;
    int count = 0;

    lock(z);
    for (cur = z->lru_head; cur != NIL_OFF && (max_count <= 0 || count < max_count);
         cur = ((node_t *) AT(z, cur))->next) {
        node_t *n = AT(z, cur);
        if (expired(n, now)) {
            continue;
        }
        if (used + 4 + n->key_len <= size) {
            uint32_t len = n->key_len;
            memcpy(buf + used, &len, 4);
            memcpy(buf + used + 4, NODE_KEY(n), n->key_len);
        }
        used += 4 + n->key_len;
        count++;
    }
    unlock(z);
    return used;
}

/* -- lists ----------------------------------------------------------------------- */

static node_t *live_node(zone_t *z, const unsigned char *key, size_t klen, uint32_t hash)
{
    node_t *n = find(z, key, klen, hash);

    if (n != NULL && expired(n, now_ms())) {
        remove_node(z, n);
        return NULL;
    }
    return n;
}

long mg_ffi_shdict_push(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int left,
                        int value_type, const unsigned char *str, size_t len, double num,
                        const char **err)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    size_t vlen = value_size(value_type, len);
    int forcible = 0;
    node_t *n;
    list_t *l;
    item_t *it;

    lock(z);
    n = live_node(z, key, klen, hash);
    if (n != NULL && n->value_type != MG_FFI_SHDICT_TLIST) {
        unlock(z);
        *err = "value not a list";
        return MG_FFI_SHDICT_DECLINED;
    }
    if (n == NULL) {
        n = new_node(z, key, klen, hash, MG_FFI_SHDICT_TLIST, sizeof(list_t), 1, &forcible);
        if (n == NULL) {
            unlock(z);
            *err = "no memory";
            return MG_FFI_SHDICT_ERROR;
        }
        memset(NODE_VALUE(n), 0, sizeof(list_t));
        link_node(z, n);
    }
    it = zalloc(z, sizeof(item_t) + vlen);
    l = (list_t *) NODE_VALUE(n);
    if (it == NULL) {
        if (l->count == 0) {
            remove_node(z, n);
        }
        unlock(z);
        *err = "no memory";
        return MG_FFI_SHDICT_ERROR;
    }
    it->len = (uint32_t) vlen;
    it->value_type = (uint8_t) value_type;
    write_value(ITEM_VALUE(it), value_type, str, len, num);
    if (left) {
        it->prev = NIL_OFF;
        it->next = l->head;
        if (l->head != NIL_OFF) {
            ((item_t *) AT(z, l->head))->prev = OFF(z, it);
        } else {
            l->tail = OFF(z, it);
        }
        l->head = OFF(z, it);
    } else {
        it->next = NIL_OFF;
        it->prev = l->tail;
        if (l->tail != NIL_OFF) {
            ((item_t *) AT(z, l->tail))->next = OFF(z, it);
        } else {
            l->head = OFF(z, it);
        }
        l->tail = OFF(z, it);
    }
    l->count++;
    touch(z, n);
    unlock(z);
    return (long) l->count;
}

int mg_ffi_shdict_pop(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int left,
                      int *value_type, unsigned char **str_buf, size_t *str_len, double *num,
                      const char **err)
{
    zone_t *z = d->z;
    node_t *n;
    list_t *l;
    item_t *it;
    int rc = MG_FFI_SHDICT_OK;

    lock(z);
    n = live_node(z, key, klen, hash_key(key, klen));
    if (n == NULL) {
        unlock(z);
        *value_type = MG_FFI_SHDICT_TNIL;
        return MG_FFI_SHDICT_OK;
    }
    if (n->value_type != MG_FFI_SHDICT_TLIST) {
        unlock(z);
        *err = "value not a list";
        return MG_FFI_SHDICT_DECLINED;
    }
    l = (list_t *) NODE_VALUE(n);
    it = AT(z, left ? l->head : l->tail);
    if (left) {
        l->head = it->next;
        if (l->head != NIL_OFF) {
            ((item_t *) AT(z, l->head))->prev = NIL_OFF;
        } else {
            l->tail = NIL_OFF;
        }
    } else {
        l->tail = it->prev;
        if (l->tail != NIL_OFF) {
            ((item_t *) AT(z, l->tail))->next = NIL_OFF;
        } else {
            l->head = NIL_OFF;
        }
    }
    l->count--;
    *value_type = it->value_type;
    if (it->value_type == MG_FFI_SHDICT_TNUMBER) {
        memcpy(num, ITEM_VALUE(it), sizeof(double));
    } else {
        rc = copy_out(ITEM_VALUE(it), it->len, str_buf, str_len);
    }
    zfree(z, it);
    if (l->count == 0) {
        remove_node(z, n);      /* an empty list is no value, as in OpenResty */
    } else {
        touch(z, n);
    }
    unlock(z);
    return rc;
}

long mg_ffi_shdict_llen(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                        const char **err)
{
    zone_t *z = d->z;
    node_t *n;
    long len = 0;

    lock(z);
    n = live_node(z, key, klen, hash_key(key, klen));
    if (n != NULL) {
        if (n->value_type != MG_FFI_SHDICT_TLIST) {
            unlock(z);
            *err = "value not a list";
            return MG_FFI_SHDICT_DECLINED;
        }
        len = (long) ((list_t *) NODE_VALUE(n))->count;
    }
    unlock(z);
    return len;
}

/* -- limit_req's leaky buckets ------------------------------------------------
 * A limit_req_zone is a zone of its own whose nodes hold one bucket each,
 * keyed by the zone's key (nginx's ngx_http_limit_req_lookup). A bucket
 * leaks `rate` milli-requests a second; a request adds 1000. Buckets are
 * never expired by time (one that has not drained still limits), only
 * evicted least recently used first when the zone is full. */

typedef struct {
    int64_t excess;                 /* milli-requests */
    int64_t last;                   /* ms on CLOCK_MONOTONIC */
} bucket_t;

int mg_ffi_limit_req(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int64_t rate,
                     int64_t burst, int account, int64_t *excess)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    int64_t now = now_ms(), ms, e;
    bucket_t b;
    node_t *n;
    int forcible;

    lock(z);
    n = find(z, key, klen, hash);
    if (n == NULL) {
        *excess = 0;            /* a first request fills nothing, as in nginx */
        if (!account) {
            unlock(z);
            return MG_FFI_SHDICT_OK;
        }
        n = new_node(z, key, klen, hash, MG_FFI_SHDICT_TSTRING, sizeof(bucket_t), 0, &forcible);
        if (n == NULL) {
            unlock(z);
            return MG_FFI_SHDICT_ERROR;
        }
        b.excess = 0;
        b.last = now;
        memcpy(NODE_VALUE(n), &b, sizeof(b));
        link_node(z, n);
        unlock(z);
        return MG_FFI_SHDICT_OK;
    }
    memcpy(&b, NODE_VALUE(n), sizeof(b));
    ms = now - b.last;
    if (ms < -60000) {
        ms = 1;                 /* the clock went back: as nginx, count a moment */
    } else if (ms < 0) {
        ms = 0;
    }
    e = b.excess - rate * ms / 1000 + 1000;
    if (e < 0) {
        e = 0;
    }
    *excess = e;
    if (e > burst) {
        unlock(z);
        return MG_FFI_LIMIT_BUSY;
    }
    if (account) {
        b.excess = e;
        if (ms) {
            b.last = now;
        }
        memcpy(NODE_VALUE(n), &b, sizeof(b));
    }
    touch(z, n);
    unlock(z);
    return MG_FFI_SHDICT_OK;
}

/* -- limit_conn's counters -------------------------------------------------------
 * A limit_conn_zone's nodes hold the number of requests in progress per key
 * (nginx's ngx_http_limit_conn_handler and its cleanup). A node is made
 * without evicting others (their counts are live: as nginx, a full zone
 * refuses) and goes when its count is back to 0. */

long mg_ffi_limit_conn(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen, int delta,
                       long limit)
{
    zone_t *z = d->z;
    uint32_t hash = hash_key(key, klen);
    node_t *n;
    int64_t count;
    int forcible;

    lock(z);
    n = find(z, key, klen, hash);
    if (n == NULL) {
        if (delta < 0) {
            unlock(z);
            return 0;
        }
        n = new_node(z, key, klen, hash, MG_FFI_SHDICT_TSTRING, sizeof(count), 1, &forcible);
        if (n == NULL) {
            unlock(z);
            return MG_FFI_SHDICT_ERROR;
        }
        count = 1;
        memcpy(NODE_VALUE(n), &count, sizeof(count));
        link_node(z, n);
        unlock(z);
        return 1;
    }
    memcpy(&count, NODE_VALUE(n), sizeof(count));
    if (delta > 0 && count >= limit) {
        unlock(z);
        return MG_FFI_LIMIT_BUSY;
    }
    count += delta > 0 ? 1 : -1;
    if (count <= 0) {
        remove_node(z, n);
    } else {
        memcpy(NODE_VALUE(n), &count, sizeof(count));
        touch(z, n);
    }
    unlock(z);
    return (long) count;
}
