/*
 * rules_parse.h - what rules_load.c (files, lines, blocks) and
 * rules_keys.c (the keys inside a block) share while a file is read.
 */
#ifndef MAILGLOSS_RULES_PARSE_H
#define MAILGLOSS_RULES_PARSE_H

#include "knowledge/rules_private.h"

struct rules_file {
	struct ruleset *rs;	/* keeps the file's text, which values point into */
	const char *path;
	char *file;		/* the path as the rules keep it */
	int site;
	/* file-level defaults */
	char *kind;
	char **sections;	/* from ruleset_sections(); NULL: any */
	char *context;
	/* the block being read */
	struct rule *rule;
	int rule_bad;
	const char *last_key;	/* text key a continuation line extends, or NULL */
	int problems;
	int lineno;
	int override_block;
	int strict;		/* compile patterns now, to report them (rules check) */
};

/* Reports one problem at a line of the file; the block is dropped. */
void rules_problem(struct rules_file *rf, int line, const char *fmt, const char *arg);

/* One "key = value" inside a block (rules_keys.c). */
void rules_set(struct rules_file *rf, int line, const char *key, char *value);

#endif
