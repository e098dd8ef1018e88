/*
 * rules_private.h - the ruleset's insides, shared by rules_load.c,
 * rules_match.c, rules_check.c, rules_corr.c and rules_capture.c only.
 */
#ifndef MAILGLOSS_RULES_PRIVATE_H
#define MAILGLOSS_RULES_PRIVATE_H

#include <stddef.h>

#include "knowledge/rules.h"

/*
 * rules_match.c: the start of the key of a remembered answer (kind,
 * section, heading path, each ending in a NUL), left in place in
 * rs->match_key from one line to the next: the lines of a block share
 * it, so it is built and hashed once per block.  Offsets are into it.
 */
struct match_prefix {
	size_t len;		/* bytes before the text, a multiple of 8; 0: none built yet */
	guint64 hash;		/* the hash state after them */
	size_t section_at;
	size_t context_at;	/* 0: no context (NULL) */
};

struct match_entry;

/*
 * rules_match.c: what a rule's pattern needs of a line, worked out on
 * the rule's first evaluation and kept beside the rules, by seq, in the
 * ruleset's arena (rule->literals stays NULL).
 */
struct rule_filter {
	const struct rule *rule;	/* whose it is */
	int lead;		/* lead_bytes hold what a match starts with (util_pattern_lead) */
	guint32 entry;		/* the pattern's in the pattern cache, 0: none */
	char **any;		/* a match contains one of these; NULL: no such test */
	char **all;		/* and every one of these; NULL: no such test */
	guint64 lead_bytes[4];
};

struct ruleset {
	GPtrArray *rules;		/* struct rule *, in load order */
	GHashTable *by_id;		/* id -> struct rule * */
	GHashTable *scopes;		/* "kind\x1fsection" -> GPtrArray of rules */
	GHashTable *kind_rules;		/* kind -> GPtrArray: its rules and those of "*" */
	const char *scope_key;		/* the last scope asked for: its key in scopes, */
	GPtrArray *scope;		/* and its rules (NULL: none yet) */
	GHashTable *contexts;		/* context pattern -> struct rule_context * */
	GHashTable *matches;		/* remembered ruleset_match() answers, or NULL */
	GString *match_key;		/* their key, built here to look one up */
	guint64 match_seed;		/* of their hash, random per ruleset */
	struct match_prefix match_prefix;	/* what match_key holds */
	struct match_entry **match_index;	/* finds the answers in matches, or NULL */
	guint *match_tags;		/* per slot: its answer's hash with the low bit set; 0 empty */
	guint match_slots;		/* its size: a power of two, twice the answers at least */
	size_t match_bytes;		/* bytes of the remembered answers */
	struct captures_cache *captures;	/* remembered rule_captures_match() answers, or NULL */
	struct rule_filter **filters;	/* per rule by seq, n_filters of them (arena); NULL: not yet */
	guint n_filters;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char today[11];
	int strict;
	/*
	 * Where the rules live (ruleset.c): the rule files' text, kept whole
	 * and cut in place, so most strings are not copied; the rules and
	 * their example lists, carved from large blocks; the few strings
	 * made by joining; section lists, split once per distinct value.
	 */
	GPtrArray *blocks;		/* file texts and arena blocks, freed with the ruleset */
	char *arena;			/* the free part of the last arena block */
	size_t arena_left;
	GStringChunk *strings;		/* joined texts, file names */
	GHashTable *section_lists;	/* "a|b" -> NULL-terminated globs */
	GMappedFile *image;		/* the image the strings point into (rules_image.c), or NULL */
};

/*
 * A context pattern, shared by every rule that names the same one (most
 * come from a file-level "context ="): compiled once, with its literal
 * prefilter, and its answer for the last heading path it was asked about
 * (lines of one block share a heading path).
 */
struct rule_context {
	pcre2_code *re;
	char **literals;	/* in the ruleset's arena */
	char *last_text;
	int last_ok;
	int broken;
	unsigned evals;
};

void rule_clear(struct rule *rule);
void rule_drop_ifs(struct rule *rule);

/*
 * rules_match.c: the key of a remembered answer, its bytes with their
 * hash and length in front (computed once, eight bytes at a time; keys
 * run to hundreds of bytes, and g_str_hash would go over them byte by
 * byte on every lookup).
 */
struct match_key {
	guint hash;
	guint len;
	char bytes[];
};

#define MATCH_KEY_HEAD	offsetof(struct match_key, bytes)

guint match_key_hash(gconstpointer p);
gboolean match_key_equal(gconstpointer a, gconstpointer b);

/* rules_capture.c: forget remembered captures (rules loaded); release them. */
void captures_cache_reset(struct ruleset *rs);
void captures_cache_free(struct captures_cache **cp);

/* rules_prefilter.c: a line's byte pairs, to tell quickly which literals it lacks. */
#define TEXT_PAIRS_BITS	(1 << 12)	/* pairs of bytes hashed to this many bits */

struct text_pairs {
	const char *text;
	unsigned char lead;	/* util_lead_byte of text */
	int ready;		/* bits built */
	guint64 bits[TEXT_PAIRS_BITS / 64];
};

void text_pairs_init(struct text_pairs *tp, const char *text);
/* Does the text contain one of literals (NULL: no prefilter, yes)?  Exactly strstr's answer. */
int text_pairs_has_literal(struct text_pairs *tp, char *const *literals);
/* Does it contain every one of literals, each three bytes or longer (NULL: yes)?  The same. */
int text_pairs_has_all(struct text_pairs *tp, char *const *literals);

/* rules_match.c: does the rule apply to this section title? */
int rule_in_section(const struct rule *rule, const char *section);

/*
 * rules_match.c: rule_eval on valid UTF-8 (context may be NULL), with
 * the text's byte pairs if the caller has them (or NULL); after a match,
 * rs->md still holds the line's match (for rules_capture.c).
 */
int rule_eval_valid(struct ruleset *rs, const struct rule *rule, const char *context,
		    const char *text, struct text_pairs *tp, enum verdict *v_r);

/* rules_load.c: the *.rules files below dir, sorted (free the array). */
GPtrArray *rules_files(const char *dir);
GPtrArray *rules_files_dirs(const char *dir, GPtrArray **dirs_r);

/* ruleset.c: the storage rules live in, released with the ruleset. */
void ruleset_keep_text(struct ruleset *rs, char *text);
void *ruleset_alloc(struct ruleset *rs, size_t size);
char **ruleset_copy_list(struct ruleset *rs, GPtrArray *list);
char *ruleset_intern(struct ruleset *rs, const char *s);
char *ruleset_join(struct ruleset *rs, const char *a, const char *sep, const char *b);
char **ruleset_sections(struct ruleset *rs, const char *spec);
void rule_context_free(gpointer p);
void ruleset_scopes_reset(struct ruleset *rs);

/* rules_corr.c: the correlation keys; 0, or -1 with *err set (to be freed). */
int rule_parse_record(struct rule *rule, const char *spec, int line, struct rule_record **rec_r,
		      char **err);
int rule_parse_when(struct rule *rule, const char *spec, int line, char **err);
int rule_parse_example_set(struct rule *rule, const char *spec, char **err);
void rule_free_correlation(struct rule *rule);

#endif
