/*
 * rules_parse.h - what rules_load.c (files, lines, blocks) and
 * rules_keys.c (the keys inside a block) share while a file is read.
 */
#ifndef MAILGLOSS_RULES_PARSE_H
#define MAILGLOSS_RULES_PARSE_H

#include "knowledge/rules_private.h"

/* The keys of a block; the text keys, which continuation lines extend, first. */
enum rules_key {
	RULES_KEY_UNKNOWN,
	RULES_KEY_WHAT, RULES_KEY_WHY, RULES_KEY_TODO, RULES_KEY_UNLESS,
	RULES_KEY_MATCH, RULES_KEY_VERDICT, RULES_KEY_CONTEXT, RULES_KEY_KIND,
	RULES_KEY_SECTION, RULES_KEY_FALLBACK,
	RULES_KEY_EXAMPLE, RULES_KEY_EXAMPLE_CONTEXT, RULES_KEY_EXAMPLE_JOIN,
	RULES_KEY_RECORD, RULES_KEY_WHEN, RULES_KEY_EXAMPLE_SET,
	RULES_KEY_OWNER, RULES_KEY_EXPIRES,	/* site files only */
};

#define RULES_KEY_IS_TEXT(k)	((k) >= RULES_KEY_WHAT && (k) <= RULES_KEY_UNLESS)

struct rules_file {
	struct ruleset *rs;	/* keeps the file's text, which values point into */
	const char *path;
	char *file;		/* the path as the rules keep it */
	int site;
	/* file-level defaults */
	char *kind;
	char **sections;	/* from ruleset_sections(); NULL: any */
	char *context;
	/* the block being read; its examples are copied to the arena at its end */
	struct rule *rule;
	GPtrArray *examples;
	GPtrArray *example_contexts;	/* the context of each example above the last one given */
	int rule_bad;
	enum rules_key last_key;	/* text key a continuation line extends, or UNKNOWN */
	int problems;
	int lineno;
	int override_block;
	int strict;		/* compile patterns now, to report them (rules check) */
};

/* Reports one problem at a line of the file; the block is dropped. */
void rules_problem(struct rules_file *rf, int line, const char *fmt, const char *arg);

/* A key's code (UNKNOWN also for owner and expires outside site files). */
enum rules_key rules_key_lookup(const char *name, int site);

/* One "key = value" inside a block; value stays where it is (rules_keys.c). */
void rules_set(struct rules_file *rf, int line, enum rules_key key, char *value);

#endif
