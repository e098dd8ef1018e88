/*
 * rules_private.h - the ruleset's insides, shared by rules_load.c and
 * rules_match.c only.
 */
#ifndef MAILGLOSS_RULES_PRIVATE_H
#define MAILGLOSS_RULES_PRIVATE_H

#include "knowledge/rules.h"

struct ruleset {
	GPtrArray *rules;		/* struct rule *, in load order */
	GHashTable *by_id;		/* id -> struct rule * */
	GHashTable *scopes;		/* "kind\x1fsection" -> GPtrArray of rules */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char today[11];
	int strict;
};

void rule_free(struct rule *rule);
void ruleset_scopes_reset(struct ruleset *rs);

#endif
