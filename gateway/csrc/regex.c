/*
 * Regular expressions over PCRE2 for ngx.re: compiling with OpenResty's
 * option letters, the compile-once cache, matching into int offsets,
 * replacement templates and a substitution loop (see mg_ffi.h).
 *
 * PCRE2 has no headers on a stock machine (only libpcre2-8.so.0), so the
 * part of its API used here is declared below, from the pcre2api manual:
 * the 8-bit library exports every function with an `_8` suffix.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ffi.h"

/* -- the PCRE2 API (8-bit code units) ------------------------------------- */

typedef struct pcre2_real_code_8 pcre2_code;
typedef struct pcre2_real_match_data_8 pcre2_match_data;
typedef struct pcre2_real_match_context_8 pcre2_match_context;
typedef struct pcre2_real_jit_stack_8 pcre2_jit_stack;

extern pcre2_code *pcre2_compile_8(const unsigned char *pattern,
                                   size_t length, uint32_t options,
                                   int *errorcode, size_t *erroroffset,
                                   void *ccontext);
extern void pcre2_code_free_8(pcre2_code *code);
extern int pcre2_jit_compile_8(pcre2_code *code, uint32_t options);
extern int pcre2_pattern_info_8(const pcre2_code *code, uint32_t what,
                                void *where);
extern int pcre2_get_error_message_8(int errorcode, unsigned char *buffer,
                                     size_t bufflen);
extern pcre2_match_data *pcre2_match_data_create_8(uint32_t ovecsize,
                                                   void *gcontext);
extern pcre2_match_data *pcre2_match_data_create_from_pattern_8(
    const pcre2_code *code, void *gcontext);
extern void pcre2_match_data_free_8(pcre2_match_data *match_data);
extern size_t *pcre2_get_ovector_pointer_8(pcre2_match_data *match_data);
extern int pcre2_match_8(const pcre2_code *code, const unsigned char *subject,
                         size_t length, size_t startoffset, uint32_t options,
                         pcre2_match_data *match_data,
                         pcre2_match_context *mcontext);
extern int pcre2_dfa_match_8(const pcre2_code *code,
                             const unsigned char *subject, size_t length,
                             size_t startoffset, uint32_t options,
                             pcre2_match_data *match_data,
                             pcre2_match_context *mcontext, int *workspace,
                             size_t wscount);
extern pcre2_match_context *pcre2_match_context_create_8(void *gcontext);
extern int pcre2_set_match_limit_8(pcre2_match_context *mcontext,
                                   uint32_t value);
extern pcre2_jit_stack *pcre2_jit_stack_create_8(size_t startsize,
                                                 size_t maxsize,
                                                 void *gcontext);
extern void pcre2_jit_stack_free_8(pcre2_jit_stack *jit_stack);
extern void pcre2_jit_stack_assign_8(pcre2_match_context *mcontext,
                                     void *callback, void *callback_data);

/* Option bits and codes, from pcre2.h's values (t/test_regex_c.py checks
 * each one by its effect on a match). */
#define PCRE2_ALT_BSUX 0x00000002u
#define PCRE2_CASELESS 0x00000008u
#define PCRE2_DOTALL 0x00000020u
#define PCRE2_DUPNAMES 0x00000040u
#define PCRE2_EXTENDED 0x00000080u
#define PCRE2_MATCH_UNSET_BACKREF 0x00000200u
#define PCRE2_MULTILINE 0x00000400u
#define PCRE2_UTF 0x00080000u
#define PCRE2_NO_UTF_CHECK 0x40000000u
#define PCRE2_ANCHORED 0x80000000u
#define PCRE2_JIT_COMPLETE 0x00000001u
#define PCRE2_INFO_CAPTURECOUNT 4
#define PCRE2_INFO_NAMECOUNT 17
#define PCRE2_INFO_NAMEENTRYSIZE 18
#define PCRE2_INFO_NAMETABLE 19
#define PCRE2_UNSET (~(size_t) 0)

/* -- state ---------------------------------------------------------------- */

/* What a handle owns beyond its public fields. */
typedef struct {
    pcre2_code *code;
    pcre2_match_data *match_data;
    unsigned char *buf;         /* mg_ffi_regex_subst's output */
    size_t buf_size;
    unsigned char *key;         /* the cache key (flags, pattern), if cached */
    size_t key_len;
    mg_ffi_regex_t *next;       /* the cache bucket's chain */
    int captures[];             /* what re->captures points to */
} regex_priv_t;

#define PRIV(re) ((regex_priv_t *) (re)->priv)

/* The compile-once cache: a fixed array of chained buckets. nginx never
 * evicts (an entry may be in use by a running gmatch iterator): when full,
 * new regexes are simply not cached. */
#define CACHE_BUCKETS 2048
static mg_ffi_regex_t *cache[CACHE_BUCKETS];
static int cache_count;
static int cache_max = MG_FFI_REGEX_CACHE_MAX_DEFAULT;

/* One match context for every exec: the match limit and the JIT stack are
 * process-wide settings (nginx directives, ngx.re.opt). NULL until either
 * is set: PCRE2 then uses its defaults. */
static pcre2_match_context *match_context;
static pcre2_jit_stack *jit_stack;

/* pcre2_dfa_match's scratch space, in ints; PCRE2 reports -43 (workspace
 * too small) for patterns that need more. */
#define DFA_WORKSPACE 1000

/* -- option letters -------------------------------------------------------- */

int mg_ffi_regex_parse_opts(const unsigned char *opts, size_t len, int *flags)
{
    size_t i;
    int f = 0;

    for (i = 0; i < len; i++) {
        switch (opts[i]) {
        case 'i': f |= MG_FFI_REGEX_CASELESS; break;
        case 'm': f |= MG_FFI_REGEX_MULTILINE; break;
        case 's': f |= MG_FFI_REGEX_DOTALL; break;
        case 'x': f |= MG_FFI_REGEX_EXTENDED; break;
        case 'u': f |= MG_FFI_REGEX_UTF; break;
        case 'U': f |= MG_FFI_REGEX_UTF | MG_FFI_REGEX_NO_UTF_CHECK; break;
        case 'j': f |= MG_FFI_REGEX_JIT; break;
        case 'o': f |= MG_FFI_REGEX_ONCE; break;
        case 'a': f |= MG_FFI_REGEX_ANCHORED; break;
        case 'D': f |= MG_FFI_REGEX_DUPNAMES; break;
        case 'J': f |= MG_FFI_REGEX_JAVASCRIPT; break;
        case 'd': f |= MG_FFI_REGEX_DFA; break;
        default:
            return (int) i + 1;
        }
    }
    *flags = f;
    return 0;
}

/* PCRE2 compile options for our flags. `u` is PCRE2_UTF alone: OpenResty
 * does not add UCP, so \w and friends stay ASCII. */
static uint32_t compile_options(int flags)
{
    uint32_t o = 0;

    if (flags & MG_FFI_REGEX_CASELESS) o |= PCRE2_CASELESS;
    if (flags & MG_FFI_REGEX_MULTILINE) o |= PCRE2_MULTILINE;
    if (flags & MG_FFI_REGEX_DOTALL) o |= PCRE2_DOTALL;
    if (flags & MG_FFI_REGEX_EXTENDED) o |= PCRE2_EXTENDED;
    if (flags & MG_FFI_REGEX_UTF) o |= PCRE2_UTF;
    if (flags & MG_FFI_REGEX_ANCHORED) o |= PCRE2_ANCHORED;
    if (flags & MG_FFI_REGEX_DUPNAMES) o |= PCRE2_DUPNAMES;
    /* PCRE1's JAVASCRIPT_COMPAT became these two in PCRE2 */
    if (flags & MG_FFI_REGEX_JAVASCRIPT) {
        o |= PCRE2_ALT_BSUX | PCRE2_MATCH_UNSET_BACKREF;
    }
    return o;
}

/* -- error text ------------------------------------------------------------- */

/* A bounded writer into a caller's buffer, always NUL-terminated. */
typedef struct {
    char *p;
    size_t left;    /* room, the NUL's byte excluded */
} text_t;

static void text_init(text_t *t, char *buf, size_t size)
{
    t->p = size ? buf : NULL;   /* no room even for the NUL: write nothing */
    t->left = size ? size - 1 : 0;
    if (t->p != NULL) {
        *buf = '\0';
    }
}

static void text_add(text_t *t, const void *s, size_t n)
{
    if (t->p == NULL) {
        return;
    }
    if (n > t->left) {
        n = t->left;
    }
    memcpy(t->p, s, n);
    t->p += n;
    t->left -= n;
    *t->p = '\0';
}

static void text_str(text_t *t, const char *s)
{
    text_add(t, s, strlen(s));
}

size_t mg_ffi_regex_error_message(int code, char *buf, size_t size)
{
    unsigned char msg[256];
    const char *s;
    int n;

    if (code == MG_FFI_REGEX_NOMEM) {
        s = "no memory";
    } else if (code == MG_FFI_REGEX_TOO_LONG) {
        s = "subject too long";
    } else {
        n = pcre2_get_error_message_8(code, msg, sizeof(msg));
        s = n < 0 ? "unknown error" : (const char *) msg;
    }
    if (size) {
        text_t t;
        text_init(&t, buf, size);
        text_str(&t, s);
    }
    return strlen(s);
}

/* nginx's wording (ngx_regex_compile): the pattern, and where PCRE2
 * stopped unless that is its end. */
static void compile_error(char *errstr, size_t errstr_size, int code,
                          size_t offset, const unsigned char *pat, size_t len)
{
    unsigned char msg[256];
    text_t t;

    if (pcre2_get_error_message_8(code, msg, sizeof(msg)) < 0) {
        strcpy((char *) msg, "unknown error");
    }
    text_init(&t, errstr, errstr_size);
    text_str(&t, "pcre2_compile() failed: ");
    text_str(&t, (const char *) msg);
    text_str(&t, " in \"");
    text_add(&t, pat, len);
    text_str(&t, "\"");
    if (offset < len) {
        text_str(&t, " at \"");
        text_add(&t, pat + offset, len - offset);
        text_str(&t, "\"");
    }
}

/* -- the cache ------------------------------------------------------------- */

static size_t key_hash(const unsigned char *key, size_t len)
{
    size_t h = 2166136261u;     /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) {
        h = (h ^ key[i]) * 16777619u;
    }
    return h % CACHE_BUCKETS;
}

/* The key: the flags' 4 bytes then the pattern. */
static unsigned char *make_key(const unsigned char *pat, size_t len,
                               int flags, size_t *key_len)
{
    unsigned char *key = malloc(len + sizeof(int));

    if (key != NULL) {
        memcpy(key, &flags, sizeof(int));
        memcpy(key + sizeof(int), pat, len);
        *key_len = len + sizeof(int);
    }
    return key;
}

static mg_ffi_regex_t *cache_find(const unsigned char *key, size_t key_len)
{
    mg_ffi_regex_t *re;

    for (re = cache[key_hash(key, key_len)]; re != NULL; re = PRIV(re)->next) {
        regex_priv_t *p = PRIV(re);
        if (p->key_len == key_len && memcmp(p->key, key, key_len) == 0) {
            return re;
        }
    }
    return NULL;
}

int mg_ffi_regex_cache_max(int max)
{
    int old = cache_max;

    if (max >= 0) {
        cache_max = max;
    }
    return old;
}

int mg_ffi_regex_cache_count(void)
{
    return cache_count;
}

/* -- compile, free ------------------------------------------------------------ */

static int pattern_int(const pcre2_code *code, uint32_t what)
{
    uint32_t v = 0;

    pcre2_pattern_info_8(code, what, &v);
    return (int) v;
}

mg_ffi_regex_t *mg_ffi_regex_compile(const unsigned char *pat, size_t len,
                                     int flags, char *errstr,
                                     size_t errstr_size)
{
    unsigned char *key = NULL;
    size_t key_len = 0;
    pcre2_code *code;
    mg_ffi_regex_t *re;
    regex_priv_t *p;
    int errcode, ncap;
    size_t erroff;

    if (flags & MG_FFI_REGEX_ONCE) {
        key = make_key(pat, len, flags, &key_len);
        if (key == NULL) {
            goto nomem;
        }
        re = cache_find(key, key_len);
        if (re != NULL) {
            free(key);
            return re;
        }
    }

    code = pcre2_compile_8(pat, len, compile_options(flags), &errcode, &erroff,
                           NULL);
    if (code == NULL) {
        free(key);
        compile_error(errstr, errstr_size, errcode, erroff, pat, len);
        return NULL;
    }
    if (flags & MG_FFI_REGEX_JIT) {
        /* no JIT on this platform: the interpreter does the same work */
        (void) pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE);
    }

    /* DFA matching has no captures: only the (longest) match itself */
    ncap = (flags & MG_FFI_REGEX_DFA) ? 0
           : pattern_int(code, PCRE2_INFO_CAPTURECOUNT);
    re = calloc(1, sizeof(*re));
    p = calloc(1, sizeof(*p) + 2 * (size_t) (ncap + 1) * sizeof(int));
    if (re == NULL || p == NULL) {
        free(re);
        free(p);
        free(key);
        pcre2_code_free_8(code);
        goto nomem;
    }
    re->priv = p;
    p->code = code;
    p->match_data = (flags & MG_FFI_REGEX_DFA)
                    ? pcre2_match_data_create_8(1, NULL)
                    : pcre2_match_data_create_from_pattern_8(code, NULL);
    if (p->match_data == NULL) {
        free(key);
        mg_ffi_regex_free(re);
        goto nomem;
    }
    re->ncaptures = ncap;
    re->captures = p->captures;
    re->flags = flags;
    if (!(flags & MG_FFI_REGEX_DFA)) {
        re->name_count = pattern_int(code, PCRE2_INFO_NAMECOUNT);
        re->name_entry_size = pattern_int(code, PCRE2_INFO_NAMEENTRYSIZE);
        if (re->name_count > 0) {
            pcre2_pattern_info_8(code, PCRE2_INFO_NAMETABLE, &re->name_table);
        }
    }

    if (key != NULL) {
        if (cache_count < cache_max) {
            size_t b = key_hash(key, key_len);
            p->key = key;
            p->key_len = key_len;
            p->next = cache[b];
            cache[b] = re;
            cache_count++;
            re->cached = 1;
        } else {
            free(key);
        }
    }
    return re;

nomem:
    if (errstr_size) {
        text_t t;
        text_init(&t, errstr, errstr_size);
        text_str(&t, "no memory");
    }
    return NULL;
}

void mg_ffi_regex_free(mg_ffi_regex_t *re)
{
    regex_priv_t *p;

    if (re == NULL || re->cached) {
        return;
    }
    p = PRIV(re);
    if (p != NULL) {
        pcre2_match_data_free_8(p->match_data);
        pcre2_code_free_8(p->code);
        free(p->buf);
        free(p->key);
        free(p);
    }
    free(re);
}

/* -- exec ----------------------------------------------------------------- */

int mg_ffi_regex_exec(mg_ffi_regex_t *re, const unsigned char *subj,
                      size_t len, int pos)
{
    regex_priv_t *p = PRIV(re);
    uint32_t options = 0;
    size_t *ov;
    int rc, i, n;

    if (len > INT_MAX) {
        return MG_FFI_REGEX_TOO_LONG;   /* offsets are ints */
    }
    if (pos < 0) {
        pos = 0;
    }
    if (re->flags & MG_FFI_REGEX_NO_UTF_CHECK) {
        options |= PCRE2_NO_UTF_CHECK;
    }
    if (re->flags & MG_FFI_REGEX_DFA) {
        int ws[DFA_WORKSPACE];
        rc = pcre2_dfa_match_8(p->code, subj, len, (size_t) pos, options,
                               p->match_data, match_context, ws,
                               DFA_WORKSPACE);
        if (rc == 0) {
            rc = 1;     /* several matches, the longest one is first */
        }
    } else {
        rc = pcre2_match_8(p->code, subj, len, (size_t) pos, options,
                           p->match_data, match_context);
        if (rc == 0) {
            rc = re->ncaptures + 1;   /* cannot happen: ovector from pattern */
        }
    }
    if (rc < 0) {
        return rc;
    }

    ov = pcre2_get_ovector_pointer_8(p->match_data);
    n = re->ncaptures + 1;
    for (i = 0; i < n; i++) {
        if (i < rc && ov[2 * i] != PCRE2_UNSET) {
            re->captures[2 * i] = (int) ov[2 * i];
            re->captures[2 * i + 1] = (int) ov[2 * i + 1];
        } else {
            re->captures[2 * i] = -1;
            re->captures[2 * i + 1] = -1;
        }
    }
    return rc;
}

/* -- templates -------------------------------------------------------------- */

/* A template is a list of pieces: literal bytes (a slice of the template's
 * own copy) or a group reference. A named reference keeps the range of its
 * name-table entries: with duplicate names the first group that took part
 * wins. */
typedef struct {
    int group;          /* -1: literal */
    int names;          /* > 1: groups of the same name follow in the table */
    int name_index;     /* first entry of the name in the name table */
    size_t off, len;    /* the literal's bytes in text */
} piece_t;

struct mg_ffi_regex_tpl_s {
    int npieces;
    unsigned char *text;
    piece_t pieces[];
};

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_name_char(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || c == '_';
}

static int name_group(const mg_ffi_regex_t *re, int index)
{
    const unsigned char *e = re->name_table + (size_t) index
                             * (size_t) re->name_entry_size;
    return (e[0] << 8) | e[1];
}

/* The name-table entries of `name`: index of the first and the count. */
static int find_name(const mg_ffi_regex_t *re, const unsigned char *name,
                     size_t len, int *count)
{
    int i, first = -1;

    *count = 0;
    for (i = 0; i < re->name_count; i++) {
        const char *n = (const char *) re->name_table
                        + (size_t) i * (size_t) re->name_entry_size + 2;
        if (strlen(n) == len && memcmp(n, name, len) == 0) {
            if (first < 0) {
                first = i;
            }
            (*count)++;
        }
    }
    return first;
}

/* The error wording is OpenResty's (what its error.log says for each). */
mg_ffi_regex_tpl_t *mg_ffi_regex_tpl_compile(mg_ffi_regex_t *re,
                                             const unsigned char *tpl,
                                             size_t len, int allow_names,
                                             char *errstr,
                                             size_t errstr_size)
{
    mg_ffi_regex_tpl_t *t;
    piece_t *pc;
    size_t i = 0, lit = 0, name_start, name_len;
    text_t err;
    int bracket;

    text_init(&err, errstr, errstr_size);
    /* at most one piece per byte, plus one */
    t = malloc(sizeof(*t) + (len + 1) * sizeof(piece_t));
    if (t == NULL) {
        text_str(&err, "no memory");
        return NULL;
    }
    t->text = malloc(len ? len : 1);
    if (t->text == NULL) {
        free(t);
        text_str(&err, "no memory");
        return NULL;
    }
    memcpy(t->text, tpl, len);
    t->npieces = 0;

#define ADD_LITERAL(end)                                          \
    if ((end) > lit) {                                            \
        pc = &t->pieces[t->npieces++];                            \
        pc->group = -1;                                           \
        pc->off = lit;                                            \
        pc->len = (end) - lit;                                    \
    }

    while (i < len) {
        if (tpl[i] != '$') {
            i++;
            continue;
        }
        ADD_LITERAL(i);
        i++;
        if (i < len && tpl[i] == '$') {     /* $$: one literal '$' */
            lit = i;
            i++;
            continue;
        }
        bracket = 0;
        if (i < len && tpl[i] == '{') {
            bracket = 1;
            i++;
        }
        if (i == len) {
            goto invalid;
        }
        name_start = i;
        if (is_digit(tpl[i])) {
            while (i < len && is_digit(tpl[i])) {
                i++;
            }
        } else {
            while (i < len && is_name_char(tpl[i])) {
                i++;
            }
        }
        name_len = i - name_start;
        if (bracket) {
            if (i == len || tpl[i] != '}') {
                text_str(&err, "the closing bracket in \"");
                text_add(&err, tpl + name_start, name_len);
                text_str(&err, "\" variable is missing");
                goto failed;
            }
            i++;
        }
        if (name_len == 0) {
            goto invalid;
        }
        pc = &t->pieces[t->npieces++];
        pc->names = 1;
        pc->name_index = -1;
        if (is_digit(tpl[name_start])) {
            size_t k;
            int n = 0;
            for (k = name_start; k < name_start + name_len; k++) {
                /* a number past any group count expands to "" all the same */
                n = n > 100000 ? n : n * 10 + (tpl[k] - '0');
            }
            pc->group = n;
        } else {
            int count;
            int first = allow_names
                        ? find_name(re, tpl + name_start, name_len, &count)
                        : -1;
            if (first < 0) {
                text_str(&err, allow_names
                         ? "unknown named capturing variable \""
                         : "attempt to use named capturing variable \"");
                text_add(&err, tpl + name_start, name_len);
                text_str(&err, allow_names ? "\""
                         : "\" (named captures not supported yet)");
                goto failed;
            }
            pc->group = name_group(re, first);
            pc->names = count;
            pc->name_index = first;
        }
        lit = i;
    }
    ADD_LITERAL(len);
#undef ADD_LITERAL
    return t;

invalid:
    text_str(&err, "lua script: invalid capturing variable name found in \"");
    text_add(&err, tpl, len);
    text_str(&err, "\"");
failed:
    mg_ffi_regex_tpl_free(t);
    return NULL;
}

void mg_ffi_regex_tpl_free(mg_ffi_regex_tpl_t *tpl)
{
    if (tpl != NULL) {
        free(tpl->text);
        free(tpl);
    }
}

/* The group a reference stands for in the last match, or -1 for "". */
static int piece_group(const piece_t *pc, const mg_ffi_regex_t *re)
{
    int k, g;

    for (k = 0; k < pc->names; k++) {
        g = pc->name_index < 0 ? pc->group : name_group(re, pc->name_index + k);
        if (g <= re->ncaptures && re->captures[2 * g] >= 0) {
            return g;
        }
    }
    return -1;
}

size_t mg_ffi_regex_tpl_eval(const mg_ffi_regex_tpl_t *tpl,
                             const mg_ffi_regex_t *re,
                             const unsigned char *subj, unsigned char *dst,
                             size_t dst_size)
{
    size_t total = 0;
    int k;

    /* the length first: nothing is written unless all of it fits */
    for (k = 0; k < tpl->npieces; k++) {
        const piece_t *pc = &tpl->pieces[k];
        int g = pc->group < 0 ? -1 : piece_group(pc, re);
        if (pc->group < 0) {
            total += pc->len;
        } else if (g >= 0) {
            total += (size_t) (re->captures[2 * g + 1] - re->captures[2 * g]);
        }
    }
    if (dst == NULL || total > dst_size) {
        return total;
    }
    for (k = 0; k < tpl->npieces; k++) {
        const piece_t *pc = &tpl->pieces[k];
        if (pc->group < 0) {
            memcpy(dst, tpl->text + pc->off, pc->len);
            dst += pc->len;
        } else {
            int g = piece_group(pc, re);
            if (g >= 0) {
                size_t n = (size_t) (re->captures[2 * g + 1]
                                     - re->captures[2 * g]);
                memcpy(dst, subj + re->captures[2 * g], n);
                dst += n;
            }
        }
    }
    return total;
}

/* -- substitution ------------------------------------------------------------ */

/* Room for `more` bytes after `used` in the handle's buffer. */
static int reserve(regex_priv_t *p, size_t used, size_t more)
{
    size_t need = used + more, size;
    unsigned char *b;

    if (need <= p->buf_size) {
        return 0;
    }
    size = p->buf_size ? p->buf_size : 256;
    while (size < need) {
        size *= 2;
    }
    b = realloc(p->buf, size);
    if (b == NULL) {
        return -1;
    }
    p->buf = b;
    p->buf_size = size;
    return 0;
}

int mg_ffi_regex_subst(mg_ffi_regex_t *re, const mg_ffi_regex_tpl_t *tpl,
                       const unsigned char *subj, size_t len, int global,
                       const unsigned char **out, size_t *out_len)
{
    regex_priv_t *p = PRIV(re);
    size_t used = 0, copied = 0, piece;
    int pos = 0, count = 0, rc, from, to;

    for (;;) {
        rc = mg_ffi_regex_exec(re, subj, len, pos);
        if (rc == MG_FFI_REGEX_NOMATCH) {
            break;
        }
        if (rc < 0) {
            return rc;
        }
        count++;
        from = re->captures[0];
        to = re->captures[1];
        piece = mg_ffi_regex_tpl_eval(tpl, re, subj, NULL, 0);
        if (reserve(p, used, (size_t) from - copied + piece) != 0) {
            return MG_FFI_REGEX_NOMEM;
        }
        memcpy(p->buf + used, subj + copied, (size_t) from - copied);
        used += (size_t) from - copied;
        mg_ffi_regex_tpl_eval(tpl, re, subj, p->buf + used, piece);
        used += piece;
        copied = (size_t) to;
        pos = to;
        /* an empty match: the next try starts one byte on (the byte itself
         * is copied with the next stretch of unmatched text) */
        if (to == from && (size_t) ++pos > len) {
            break;
        }
        if (!global) {
            break;
        }
    }
    if (count == 0) {
        *out = subj;
        *out_len = len;
        return 0;
    }
    if (reserve(p, used, len - copied) != 0) {
        return MG_FFI_REGEX_NOMEM;
    }
    if (len > copied) {
        memcpy(p->buf + used, subj + copied, len - copied);
        used += len - copied;
    }
    /* an empty result may have left the buffer unmade: any pointer will do */
    *out = p->buf != NULL ? p->buf : subj;
    *out_len = used;
    return count;
}

/* -- process-wide settings -------------------------------------------------- */

static int need_match_context(void)
{
    if (match_context == NULL) {
        match_context = pcre2_match_context_create_8(NULL);
    }
    return match_context != NULL ? 0 : -1;
}

void mg_ffi_regex_set_match_limit(unsigned int limit)
{
    if (need_match_context() == 0) {
        /* 0: PCRE2's built-in default (10000000) */
        pcre2_set_match_limit_8(match_context, limit ? limit : 10000000u);
    }
}

int mg_ffi_regex_set_jit_stack_size(int size, char *errstr,
                                    size_t errstr_size)
{
    pcre2_jit_stack *stack;
    text_t t;
    /* PCRE2 starts small and grows the stack up to the maximum */
    size_t start = size < 32 * 1024 ? (size_t) (size > 0 ? size : 1)
                                     : 32 * 1024;

    text_init(&t, errstr, errstr_size);
    if (size <= 0) {
        text_str(&t, "invalid jit stack size");
        return -1;
    }
    if (need_match_context() != 0) {
        text_str(&t, "no memory");
        return -1;
    }
    stack = pcre2_jit_stack_create_8(start, (size_t) size, NULL);
    if (stack == NULL) {
        text_str(&t, "pcre jit stack allocation failed");
        return -1;
    }
    pcre2_jit_stack_assign_8(match_context, NULL, stack);
    if (jit_stack != NULL) {
        pcre2_jit_stack_free_8(jit_stack);
    }
    jit_stack = stack;
    return 0;
}
