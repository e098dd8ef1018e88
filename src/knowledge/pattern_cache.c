/*
 * pattern_cache.c - the file "mailgloss rules cache" writes and the
 * rule matcher reads (see pattern_cache.h).
 *
 * Layout, all numbers 32-bit little-endian:
 *	"MGPC" version stamp-length stamp count
 *	count times: pattern-length pattern NUL
 *	             literal-count (0xffffffff: none), each: length bytes NUL
 *	             code-length code (pcre2_serialize_encode of one pattern)
 * The stamp names mailgloss's version, the literal finder's revision and
 * the PCRE2 version; a file with another stamp is ignored.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "knowledge/pattern_cache.h"

#define PC_MAGIC	"MGPC"
#define PC_VERSION	1
#define PC_NONE		0xffffffffu
#define PC_MAX_COUNT	100000

struct pc_entry {
	const guint8 *literals;	/* first literal's length field */
	guint32 nlit;
	const guint8 *code;
	guint32 code_len;
};

static GMappedFile *pc_file;
static GHashTable *pc_index;	/* pattern (in the map) -> struct pc_entry * */
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
	*v = (guint32)(*p)[0] | (guint32)(*p)[1] << 8 | (guint32)(*p)[2] << 16 | (guint32)(*p)[3] << 24;
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

/* pc_index_file - index the mapped file; 0, or -1 if it is not a cache of ours */
static int
pc_index_file(const guint8 *p, const guint8 *end)
{
	char *stamp = pc_stamp();
	const char *s;
	guint32 version, count, i, k;
	int ok;

	ok = end - p >= 4 && memcmp(p, PC_MAGIC, 4) == 0;
	p += ok ? 4 : 0;
	ok = ok && pc_u32(&p, end, &version) && version == PC_VERSION
	     && (s = pc_string(&p, end)) != NULL && strcmp(s, stamp) == 0
	     && pc_u32(&p, end, &count) && count <= PC_MAX_COUNT;
	g_free(stamp);
	if (!ok)
		return -1;
	pc_index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	for (i = 0; i < count; i++) {
		struct pc_entry *e = g_new0(struct pc_entry, 1);
		const char *pattern = pc_string(&p, end);

		g_hash_table_replace(pc_index, (gpointer)(pattern ? pattern : ""), e);
		if (!pattern || !pc_u32(&p, end, &e->nlit))
			return -1;
		e->literals = p;
		for (k = 0; e->nlit != PC_NONE && k < e->nlit; k++)
			if (!pc_string(&p, end))
				return -1;
		if (!pc_u32(&p, end, &e->code_len) || (guint64)(end - p) < e->code_len)
			return -1;
		e->code = p;
		p += e->code_len;
	}
	return p == end ? 0 : -1;
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
	if (pc_index_file((const guint8 *)g_mapped_file_get_contents(pc_file),
			  (const guint8 *)g_mapped_file_get_contents(pc_file) + g_mapped_file_get_length(pc_file)) < 0) {
		msg_debug("%s: not a pattern cache of this build; ignored", path);
		pattern_cache_close();
		pc_tried = 1;
	}
}

/* pattern_cache_close - unmap, and let the next lookup open again */
void
pattern_cache_close(void)
{
	if (pc_index)
		g_hash_table_destroy(pc_index);
	if (pc_file)
		g_mapped_file_unref(pc_file);
	pc_index = NULL;
	pc_file = NULL;
	pc_tried = 0;
}

/* pc_lookup - the entry of pattern, or NULL */
static const struct pc_entry *
pc_lookup(const char *pattern)
{
	pattern_cache_open(NULL);
	return pc_index ? g_hash_table_lookup(pc_index, pattern) : NULL;
}

/* pattern_cache_code - decode the cached code of pattern */
pcre2_code *
pattern_cache_code(const char *pattern)
{
	const struct pc_entry *e = pc_lookup(pattern);
	pcre2_code *code = NULL;

	if (!e || e->code_len == 0)
		return NULL;
	if (pcre2_serialize_decode(&code, 1, e->code, NULL) != 1)
		return NULL;
	return code;
}

/* pattern_cache_literals - the cached prefilter of pattern */
int
pattern_cache_literals(const char *pattern, char ***literals_r)
{
	const struct pc_entry *e = pc_lookup(pattern);
	const guint8 *p, *end;
	guint32 k;

	if (!e)
		return 0;
	if (e->nlit == PC_NONE) {
		*literals_r = NULL;
		return 1;
	}
	*literals_r = g_new0(char *, e->nlit + 1);
	p = e->literals;
	end = e->code;
	for (k = 0; k < e->nlit; k++)
		(*literals_r)[k] = g_strdup(pc_string(&p, end));
	return 1;
}

/* pc_put_u32 - one number, little-endian */
static void
pc_put_u32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

	g_byte_array_append(b, x, 4);
}

/* pc_put_string - length, bytes, NUL */
static void
pc_put_string(GByteArray *b, const char *s)
{
	pc_put_u32(b, (guint32)strlen(s));
	g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s) + 1);
}

/* pattern_cache_write - compile and serialise every pattern; atomically replace path */
int
pattern_cache_write(const char *path, char *const *patterns, char **errstr)
{
	GByteArray *b = g_byte_array_new();
	char *stamp = pc_stamp();
	guint32 count = 0;
	GError *error = NULL;
	guint at, i;
	int rc = 0;

	g_byte_array_append(b, (const guint8 *)PC_MAGIC, 4);
	pc_put_u32(b, PC_VERSION);
	pc_put_string(b, stamp);
	at = b->len;
	pc_put_u32(b, 0);	/* count, set below */
	for (; *patterns; patterns++) {
		char **lits = util_pattern_literals(*patterns), **l;
		PCRE2_SIZE off, size = 0;
		uint8_t *bytes = NULL;
		pcre2_code *re;
		int err;

		re = pcre2_compile((PCRE2_SPTR)*patterns, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
		pc_put_string(b, *patterns);
		pc_put_u32(b, lits ? g_strv_length(lits) : PC_NONE);
		for (l = lits; l && *l; l++)
			pc_put_string(b, *l);
		if (re && pcre2_serialize_encode((const pcre2_code **)&re, 1, &bytes, &size, NULL) == 1) {
			pc_put_u32(b, (guint32)size);
			g_byte_array_append(b, bytes, (guint)size);
			pcre2_serialize_free(bytes);
		} else {
			pc_put_u32(b, 0);	/* a broken pattern: compiled (and reported) at run time */
		}
		pcre2_code_free(re);
		g_strfreev(lits);
		count++;
	}
	for (i = 0; i < 4; i++)
		b->data[at + i] = (count >> (8 * i)) & 0xff;
	/* g_file_set_contents writes beside path and renames: never half a cache */
	if (!g_file_set_contents(path, (const char *)b->data, b->len, &error)) {
		*errstr = msg_errstr("%s", error->message);
		g_clear_error(&error);
		rc = -1;
	}
	g_free(stamp);
	g_byte_array_free(b, TRUE);
	return rc;
}
