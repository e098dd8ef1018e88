/*
 * verdict.c - names and order of verdicts.
 */
#include <string.h>

#include "knowledge/verdict.h"

static const char *const verdict_names[VERDICT_COUNT] = {
	"noise", "info", "check", "action", "urgent", "unknown",
};

/* verdict_name - the stable name */
const char *
verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT_COUNT ? verdict_names[v] : "unknown";
}

/* verdict_parse - a stable name to a verdict */
int
verdict_parse(const char *s, enum verdict *v_r)
{
	int i;

	for (i = 0; i < VERDICT_COUNT; i++)
		if (strcmp(s, verdict_names[i]) == 0) {
			*v_r = (enum verdict)i;
			return 0;
		}
	return -1;
}

/* verdict_rank - unknown ranks below noise for "most severe" */
static int
verdict_rank(enum verdict v)
{
	return v == VERDICT_UNKNOWN ? -1 : (int)v;
}

/* verdict_more_severe - is a more severe than b? */
int
verdict_more_severe(enum verdict a, enum verdict b)
{
	return verdict_rank(a) > verdict_rank(b);
}

/* verdict_max - the more severe of the two */
enum verdict
verdict_max(enum verdict a, enum verdict b)
{
	return verdict_more_severe(b, a) ? b : a;
}
