/*
 * pattern_cache.c - the file "mailgloss rules cache" writes and the
 * rule matcher reads (see pattern_cache.h).
 *
 * Layout, all numbers 32-bit little-endian:
 *	"MGPC" version stamp-length stamp count file-length
 *	image-offset image-length (the parsed catalogue, rules_image.c;
 *	             both 0: none)
 *	count offsets of the entries below, which are sorted by pattern
 *	slot-count (a power of two, more than count), each slot: 0 or an
 *	             entry's number plus one, placed by the pattern's hash
 *	count times: pattern-length pattern NUL
 *	             the literals (util_pattern_literals): a list
 *	             the literals all of which a match holds: a list
 *	             lead-bytes (0: none, 1: 32 bytes follow, util_pattern_lead)
 *	             code-length code (pcre2_serialize_encode of one pattern)
 * A list: its count (0xffffffff: none, NULL) and, unless none, the size
 * of its strings, count offsets of them, and the strings, each ending in
 * NUL: made into a rule's list with one copy.
 * The stamp names mailgloss's version, the literal finders' revision and
 * the PCRE2 version; a file with another stamp, or not of the length it
 * names (cut short), is ignored.  Opening reads the head only: walking
 * the whole file (1.5 MB) cost filter 0.3 to 0.5 ms of page faults.  An
 * entry is checked when a lookup reaches it, and one that does not hold
 * together is not found (the pattern is compiled as if not cached).  A
 * lookup hashes the pattern and probes the slots from there (linear
 * probing), so start-up builds no table.  A rule's code and prefilters
 * come from one lookup (pattern_cache_find).  The image is kept here
 * because it is made by the same command, from the same rules, and is
 * read at the same moment; it is checked by its reader.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "knowledge/pattern_cache.h"

#define PC_MAGIC	"MGPC"
#define PC_VERSION	7
#define PC_NONE		0xffffffffu
#define PC_MAX_COUNT	100000
#define PC_HASH_SEED	0x6d67706301ULL	/* fixed: the slots are in the file */
#define PC_MAX_LIST	4096		/* strings in a list */

struct pc_entry {
	const guint8 *literals;	/* the list's count */
	const guint8 *all;	/* the same for util_pattern_all_literals */
	const guint8 *lead;	/* 32 bytes, or NULL */
	const guint8 *code;
	guint32 code_len;
};

static GMappedFile *pc_file;
static const guint8 *pc_base, *pc_end;
static const guint8 *pc_offsets;	/* count offsets, or NULL: no cache */
static guint32 pc_count;
static const guint8 *pc_slots;	/* pc_nslots slots */
static guint32 pc_nslots;
static const guint8 *pc_image;	/* the ruleset image, or NULL */
static guint32 pc_image_len;
static int pc_tried;

/* pc_stamp - what a cache must have been made by */
static char *
pc_stamp(void)
{
	char pcre[64] = "";

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	return g_strdup_printf("mailgloss %s literals %d pcre2 %s", VERSION, UTIL_LITERALS_REVISION, pcre);
}

/* pc_u32 - read one number at *p, moving on; 0 if it would pass end */
static int
pc_u32(const guint8 **p, const guint8 *end, guint32 *v)
{
	if (end - *p < 4)
		return 0;
	*v = util_le32(*p);
	*p += 4;
	return 1;
}

/* pc_string - a length-prefixed, NUL-ended string at *p; NULL if malformed */
static const char *
pc_string(const guint8 **p, const guint8 *end)
{
	const char *s;
	guint32 n;

	if (!pc_u32(p, end, &n) || (guint64)(end - *p) < (guint64)n + 1 || (*p)[n] != 0)
		return NULL;
	s = (const char *)*p;
	*p += n + 1;
	return s;
}

/*
 * pc_list_at - the list at *p, moving past it; 0 if malformed.  Its
 * strings end in a NUL, so a string at any offset below their size ends
 * inside them (pc_list_copy checks each offset).
 */
static int
pc_list_at(const guint8 **p, const guint8 *end, const guint8 **list_r)
{
	guint32 n, size;

	*list_r = *p;
	if (!pc_u32(p, end, &n))
		return 0;
	if (n == PC_NONE)
		return 1;
	if (n > PC_MAX_LIST || !pc_u32(p, end, &size) || (guint64)(end - *p) < (guint64)n * 4 + size
	    || (n > 0 && (size == 0 || (*p)[(size_t)n * 4 + size - 1] != 0)))
		return 0;
	*p += (size_t)n * 4 + size;
	return 1;
}

/* pc_entry_at - parse the entry at p; its pattern, or NULL if malformed */
static const char *
pc_entry_at(const guint8 *p, const guint8 *end, struct pc_entry *e, const guint8 **next_r)
{
	const char *pattern = pc_string(&p, end);
	guint32 lead;

	if (!pattern || !pc_list_at(&p, end, &e->literals) || !pc_list_at(&p, end, &e->all)
	    || !pc_u32(&p, end, &lead) || lead > 1 || (guint64)(end - p) < 32 * lead)
		return NULL;
	e->lead = lead ? p : NULL;
	p += 32 * lead;
	if (!pc_u32(&p, end, &e->code_len) || (guint64)(end - p) < e->code_len)
		return NULL;
	e->code = p;
	*next_r = p + e->code_len;
	return pattern;
}

/* pc_check_slots - the hash slot table at *p, moving past it (slots are checked when probed) */
static int
pc_check_slots(const guint8 **p, const guint8 *end, guint32 count)
{
	guint32 n;

	if (!pc_u32(p, end, &n) || n <= count || (n & (n - 1)) != 0 || n > 4 * PC_MAX_COUNT
	    || (guint64)(end - *p) < (guint64)n * 4)
		return -1;
	pc_slots = *p;
	pc_nslots = n;
	*p += (size_t)n * 4;
	return 0;
}

/* pc_check_file - is the mapped file a whole cache of this build?  0 or -1 */
static int
pc_check_file(const guint8 *p, const guint8 *end)
{
	char *stamp = pc_stamp();
	const guint8 *start = p, *offsets;
	const char *s;
	guint32 version, count, length, image_at, image_len;
	int ok;

	ok = end - p >= 4 && memcmp(p, PC_MAGIC, 4) == 0;
	p += ok ? 4 : 0;
	ok = ok && pc_u32(&p, end, &version) && version == PC_VERSION
	     && (s = pc_string(&p, end)) != NULL && strcmp(s, stamp) == 0
	     && pc_u32(&p, end, &count) && count <= PC_MAX_COUNT
	     && pc_u32(&p, end, &length) && length == (guint64)(end - start)
	     && pc_u32(&p, end, &image_at) && pc_u32(&p, end, &image_len)
	     && (guint64)image_at + image_len <= length
	     && (guint64)(end - p) >= (guint64)count * 4;
	g_free(stamp);
	if (!ok)
		return -1;
	offsets = p;
	p += (size_t)count * 4;
	if (pc_check_slots(&p, end, count) < 0)
		return -1;
	pc_offsets = offsets;
	pc_count = count;
	pc_image = image_len > 0 ? start + image_at : NULL;
	pc_image_len = image_len;
	return 0;
}

/* pattern_cache_open - map and index the cache, once; a bad one is ignored */
void
pattern_cache_open(const char *path)
{
	if (pc_tried)
		return;
	pc_tried = 1;
	if (!path)
		path = i18n_pattern_cache();
	if (!(pc_file = g_mapped_file_new(path, FALSE, NULL)))
		return;
	pc_base = (const guint8 *)g_mapped_file_get_contents(pc_file);
	pc_end = pc_base + g_mapped_file_get_length(pc_file);
	if (!pc_base || pc_check_file(pc_base, pc_end) < 0) {
		msg_debug("%s: not a pattern cache of this build; ignored", path);
		pattern_cache_close();
		pc_tried = 1;
	}
}

/* pattern_cache_close - unmap, and let the next lookup open again */
void
pattern_cache_close(void)
{
	if (pc_file)
		g_mapped_file_unref(pc_file);
	pc_file = NULL;
	pc_base = pc_end = pc_offsets = pc_slots = pc_image = NULL;
	pc_count = pc_nslots = pc_image_len = 0;
	pc_tried = 0;
}

/* pattern_cache_image - the ruleset image and the mapping it lies in, or NULL */
const guint8 *
pattern_cache_image(size_t *len_r, GMappedFile **map_r)
{
	pattern_cache_open(NULL);
	*len_r = pc_image_len;
	*map_r = pc_image ? pc_file : NULL;
	return pc_image;
}

/* pc_hash - where a pattern's slot search starts */
static guint32
pc_hash(const char *pattern, size_t len)
{
	return util_hash_bytes(pattern, len, PC_HASH_SEED);
}

/*
 * pattern_cache_find - the offset of pattern's entry, or 0.  The file was
 * checked whole when it was opened, so a probe reads only the pattern
 * (length and text: 4 bytes into the entry).
 */
guint32
pattern_cache_find(const char *pattern)
{
	size_t len = strlen(pattern);
	guint32 mask, i, k, v, off;
	const guint8 *q;

	pattern_cache_open(NULL);
	if (!pc_offsets)
		return 0;
	mask = pc_nslots - 1;
	for (i = pc_hash(pattern, len) & mask, k = 0; k < pc_nslots; i = (i + 1) & mask, k++) {
		const char *s;

		q = pc_slots + (size_t)i * 4;
		if (!pc_u32(&q, pc_end, &v) || v == 0 || v > pc_count)
			return 0;
		q = pc_offsets + (size_t)(v - 1) * 4;
		if (!pc_u32(&q, pc_end, &off) || off >= (guint32)(pc_end - pc_base))
			return 0;
		q = pc_base + off;
		if (!(s = pc_string(&q, pc_end)))
			return 0;	/* damaged: not found */
		if (strcmp(pattern, s) == 0)
			return off;
	}
	return 0;
}

/* pc_entry - the parts of the entry at offset entry (from pattern_cache_find); 0 if none */
static int
pc_entry(guint32 entry, struct pc_entry *e)
{
	const guint8 *next;

	return entry && pc_base && entry < (guint32)(pc_end - pc_base)
	       && pc_entry_at(pc_base + entry, pc_end, e, &next) != NULL;
}

/* pattern_cache_entry_code - decode an entry's code */
pcre2_code *
pattern_cache_entry_code(guint32 entry)
{
	struct pc_entry e;
	pcre2_code *code = NULL;

	if (!pc_entry(entry, &e) || e.code_len == 0)
		return NULL;
	if (pcre2_serialize_decode(&code, 1, e.code, NULL) != 1)
		return NULL;
	return code;
}

/*
 * pc_list_copy - a NULL-terminated copy of the list at p in memory from
 * alloc; NULL for none, and for a damaged list (an offset past the
 * strings): no list is always a right prefilter, a shorter one is not.
 */
static char **
pc_list_copy(const guint8 *p, void *(*alloc)(void *, size_t), void *ctx)
{
	guint32 n = PC_NONE, size = 0, k, off = 0;
	const guint8 *offsets;
	char **list, *strings;

	/* the list's sizes were checked with its entry (pc_entry) */
	if (!pc_u32(&p, pc_end, &n) || n == PC_NONE || !pc_u32(&p, pc_end, &size))
		return NULL;
	offsets = p;
	list = alloc(ctx, (n + 1) * sizeof(char *) + size);
	strings = memcpy(list + n + 1, offsets + (size_t)n * 4, size);
	for (k = 0; k < n; k++) {
		if (!pc_u32(&offsets, pc_end, &off) || off >= size)
			return NULL;	/* the memory stays with ctx's owner */
		list[k] = strings + off;
	}
	list[n] = NULL;
	return list;
}

/* pattern_cache_entry_prefilter - an entry's literal lists and lead bytes */
int
pattern_cache_entry_prefilter(guint32 entry, void *(*alloc)(void *, size_t), void *ctx,
			      char ***literals_r, char ***all_r, guint64 lead_r[4])
{
	struct pc_entry e;
	int i;

	if (!pc_entry(entry, &e))
		return -1;
	*literals_r = pc_list_copy(e.literals, alloc, ctx);
	*all_r = pc_list_copy(e.all, alloc, ctx);
	memset(lead_r, 0, 4 * sizeof(guint64));
	if (e.lead)
		memcpy(lead_r, e.lead, 4 * sizeof(guint64));
	for (i = 0; i < 4; i++)
		lead_r[i] = GUINT64_FROM_LE(lead_r[i]);
	return e.lead != NULL;
}

/* pattern_cache_code - decode the cached code of pattern */
pcre2_code *
pattern_cache_code(const char *pattern)
{
	return pattern_cache_entry_code(pattern_cache_find(pattern));
}

/* pc_alloc - plain memory for pc_list_copy, kept in the GPtrArray ctx */
static void *
pc_alloc(void *ctx, size_t size)
{
	void *p = g_malloc(size);

	g_ptr_array_add(ctx, p);
	return p;
}

/* pattern_cache_prefilter - the cached prefilters of pattern, as copies of their own */
int
pattern_cache_prefilter(const char *pattern, char ***literals_r, char ***all_r)
{
	GPtrArray *blocks = g_ptr_array_new_with_free_func(g_free);
	guint32 entry = pattern_cache_find(pattern);
	char **lits, **all;
	guint64 lead[4];

	if (!entry || pattern_cache_entry_prefilter(entry, pc_alloc, blocks, &lits, &all, lead) < 0) {
		g_ptr_array_free(blocks, TRUE);
		return 0;
	}
	*literals_r = g_strdupv(lits);
	if (all_r)
		*all_r = g_strdupv(all);
	g_ptr_array_free(blocks, TRUE);
	return 1;
}

/* pattern_cache_literals - the cached util_pattern_literals of pattern */
int
pattern_cache_literals(const char *pattern, char ***literals_r)
{
	return pattern_cache_prefilter(pattern, literals_r, NULL);
}

/* pc_put_string - length, bytes, NUL */
static void
pc_put_string(GByteArray *b, const char *s)
{
	util_put_le32(b, (guint32)strlen(s));
	g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s) + 1);
}

/* pc_cmp - patterns in strcmp order */
static gint
pc_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* pc_put_list - a NULL-terminated list (NULL: none) as a list of the file */
static void
pc_put_list(GByteArray *b, char **list)
{
	guint32 size = 0;
	char **l;

	if (!list) {
		util_put_le32(b, PC_NONE);
		return;
	}
	util_put_le32(b, g_strv_length(list));
	for (l = list; *l; l++)
		size += (guint32)strlen(*l) + 1;
	util_put_le32(b, size);
	for (size = 0, l = list; *l; l++) {
		util_put_le32(b, size);
		size += (guint32)strlen(*l) + 1;
	}
	for (l = list; *l; l++)
		g_byte_array_append(b, (const guint8 *)*l, (guint)strlen(*l) + 1);
}

/* pc_put_lead - the lead bytes of a pattern, if it has them */
static void
pc_put_lead(GByteArray *b, const char *pattern)
{
	guint64 lead[4];
	guint8 x[32];
	int i, k;

	if (!util_pattern_lead(pattern, lead)) {
		util_put_le32(b, 0);
		return;
	}
	util_put_le32(b, 1);
	for (i = 0; i < 4; i++)
		for (k = 0; k < 8; k++)
			x[i * 8 + k] = (lead[i] >> (8 * k)) & 0xff;
	g_byte_array_append(b, x, sizeof(x));
}

/* pc_put_entry - one pattern: itself, its literals, its serialised code */
static void
pc_put_entry(GByteArray *b, const char *pattern)
{
	char **lits = util_pattern_literals(pattern);
	char **all = util_pattern_all_literals(pattern);
	PCRE2_SIZE erroff, size = 0;
	uint8_t *bytes = NULL;
	pcre2_code *re;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &erroff, NULL);
	pc_put_string(b, pattern);
	pc_put_list(b, lits);
	pc_put_list(b, all);
	pc_put_lead(b, pattern);
	if (re && pcre2_serialize_encode((const pcre2_code **)&re, 1, &bytes, &size, NULL) == 1) {
		util_put_le32(b, (guint32)size);
		g_byte_array_append(b, bytes, (guint)size);
		pcre2_serialize_free(bytes);
	} else {
		util_put_le32(b, 0);	/* a broken pattern: compiled (and reported) at run time */
	}
	pcre2_code_free(re);
	g_strfreev(lits);
	g_strfreev(all);
}

/* pc_set_u32 - overwrite the number at offset at */
static void
pc_set_u32(GByteArray *b, guint at, guint32 v)
{
	int k;

	for (k = 0; k < 4; k++)
		b->data[at + k] = (v >> (8 * k)) & 0xff;
}

/* pc_put_slots - the hash slots of the sorted patterns: at most half of them used */
static void
pc_put_slots(GByteArray *b, GPtrArray *sorted)
{
	guint32 n = 2, mask, i, k, *slots;

	while (n < 2 * sorted->len)
		n *= 2;
	mask = n - 1;
	slots = g_new0(guint32, n);
	for (k = 0; k < sorted->len; k++) {
		const char *pattern = sorted->pdata[k];

		for (i = pc_hash(pattern, strlen(pattern)) & mask; slots[i]; i = (i + 1) & mask)
			;
		slots[i] = k + 1;
	}
	util_put_le32(b, n);
	for (i = 0; i < n; i++)
		util_put_le32(b, slots[i]);
	g_free(slots);
}

/*
 * pattern_cache_write - compile and serialise every pattern, sorted, once
 * each, then the image (NULL: none); replace path
 */
int
pattern_cache_write(const char *path, char *const *patterns, const GByteArray *image,
		    char **errstr)
{
	GByteArray *b = g_byte_array_new();
	GPtrArray *sorted = g_ptr_array_new();
	char *stamp = pc_stamp();
	GError *error = NULL;
	guint table, length_at, image_at, i, n;
	int rc = 0;

	for (; *patterns; patterns++)
		g_ptr_array_add(sorted, *patterns);
	g_ptr_array_sort(sorted, pc_cmp);
	for (i = n = 0; i < sorted->len; i++)	/* drop repeats */
		if (n == 0 || strcmp(sorted->pdata[n - 1], sorted->pdata[i]) != 0)
			sorted->pdata[n++] = sorted->pdata[i];
	g_ptr_array_set_size(sorted, n);
	g_byte_array_append(b, (const guint8 *)PC_MAGIC, 4);
	util_put_le32(b, PC_VERSION);
	pc_put_string(b, stamp);
	util_put_le32(b, sorted->len);
	length_at = b->len;
	util_put_le32(b, 0);	/* the file's length, set below */
	image_at = b->len;
	util_put_le32(b, 0);	/* the image's offset and length, set below */
	util_put_le32(b, 0);
	table = b->len;
	for (i = 0; i < sorted->len; i++)
		util_put_le32(b, 0);	/* the entry's offset, set below */
	pc_put_slots(b, sorted);
	for (i = 0; i < sorted->len; i++) {
		pc_set_u32(b, table + i * 4, b->len);
		pc_put_entry(b, sorted->pdata[i]);
	}
	if (image && image->len > 0) {
		pc_set_u32(b, image_at, b->len);
		pc_set_u32(b, image_at + 4, image->len);
		g_byte_array_append(b, image->data, image->len);
	}
	pc_set_u32(b, length_at, b->len);
	/* g_file_set_contents writes beside path and renames: never half a cache */
	if (!g_file_set_contents(path, (const char *)b->data, b->len, &error)) {
		*errstr = msg_errstr("%s", error->message);
		g_clear_error(&error);
		rc = -1;
	}
	g_free(stamp);
	g_ptr_array_free(sorted, TRUE);
	g_byte_array_free(b, TRUE);
	return rc;
}
