/*
 * valueset.c - named sets of values with tallies, for one report.
 *
 * Each set keeps two tables: the tally of every value (by its exact
 * key), and for every network the highest tally of a value in it (by
 * its network key).  Both answers are then one hash lookup, however
 * many values a hostile report records.
 *
 * Keys: "4 192.0.2.1" and "4/24 192.0.2" for IPv4 (IPv4-mapped IPv6
 * included), "6 2001:db8::1" and "6/64 20010db800000000" for IPv6,
 * "s VALUE" for anything else (both keys alike).
 */
#include <arpa/inet.h>
#include <string.h>

#include "knowledge/valueset.h"

/* A tally and its key in one allocation: the tables' keys point into it. */
struct tally {
	double n;
	char key[];
};

struct vset {
	GHashTable *tally;	/* exact key -> struct tally */
	GHashTable *net;	/* network key -> struct tally: highest tally in it */
};

struct valueset {
	GHashTable *sets;	/* name -> struct vset * */
	guint nvalues;		/* values in all sets */
	unsigned refused;
};

/* vset_free - one set (the sets table's values) */
static void
vset_free(gpointer p)
{
	struct vset *s = p;

	g_hash_table_destroy(s->tally);
	g_hash_table_destroy(s->net);
	g_free(s);
}

/* valueset_new - no sets yet */
struct valueset *
valueset_new(void)
{
	struct valueset *vs = g_new0(struct valueset, 1);

	vs->sets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, vset_free);
	return vs;
}

/* valueset_free - release and clear */
void
valueset_free(struct valueset **vsp)
{
	struct valueset *vs = *vsp;

	if (!vs)
		return;
	g_hash_table_destroy(vs->sets);
	g_free(vs);
	*vsp = NULL;
}

/* valueset_parse_address - s[0..len) as an address: 4, 6, or 0 */
static int
valueset_parse_address(const char *s, size_t len, unsigned char addr[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char buf[64];
	char *pct;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = 0;
	if ((pct = strchr(buf, '%')))
		*pct = 0;	/* fe80::1%eth0: the zone is not part of the address */
	if (inet_pton(AF_INET, buf, addr) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return 0;
	if (memcmp(addr, mapped, sizeof(mapped)) == 0) {
		memmove(addr, addr + 12, 4);
		return 4;
	}
	return 6;
}

/* valueset_address_keys - the keys of a parsed address */
static void
valueset_address_keys(int family, const unsigned char *addr, char **exact_r, char **net_r)
{
	char text[INET6_ADDRSTRLEN];

	if (family == 4) {
		inet_ntop(AF_INET, addr, text, sizeof(text));
		*exact_r = g_strdup_printf("4 %s", text);
		*net_r = g_strdup_printf("4/24 %u.%u.%u", addr[0], addr[1], addr[2]);
		return;
	}
	inet_ntop(AF_INET6, addr, text, sizeof(text));
	*exact_r = g_strdup_printf("6 %s", text);
	*net_r = g_strdup_printf("6/64 %02x%02x%02x%02x%02x%02x%02x%02x", addr[0], addr[1],
				 addr[2], addr[3], addr[4], addr[5], addr[6], addr[7]);
}

/*
 * valueset_keys - exact and network key of a value
 *
 * "ADDRESS (NAME)" and "NAME (ADDRESS)" (how LogWatch prints resolved
 * hosts) count as the address.
 */
int
valueset_keys(const char *value, char **exact_r, char **net_r)
{
	const char *s = value, *e, *open;
	unsigned char addr[16];
	size_t len;
	int family;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len > VALUESET_MAX_LEN)
		return -1;
	e = s + len;
	family = valueset_parse_address(s, len, addr);
	if (!family && e[-1] == ')' && (open = g_strstr_len(s, (gssize)len, " ("))) {
		family = valueset_parse_address(s, (size_t)(open - s), addr);
		if (!family)
			family = valueset_parse_address(open + 2, (size_t)(e - 1 - (open + 2)), addr);
	}
	if (family) {
		valueset_address_keys(family, addr, exact_r, net_r);
		return 0;
	}
	*exact_r = g_strdup_printf("s %.*s", (int)len, s);
	*net_r = g_strdup(*exact_r);
	return 0;
}

/* valueset_set - the named set, made on first use; NULL past the limit */
static struct vset *
valueset_set(struct valueset *vs, const char *name)
{
	struct vset *s = g_hash_table_lookup(vs->sets, name);

	if (s || g_hash_table_size(vs->sets) >= VALUESET_MAX_SETS)
		return s;
	s = g_new(struct vset, 1);
	s->tally = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	s->net = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_hash_table_insert(vs->sets, g_strdup(name), s);
	return s;
}

/* tally_new - a zero tally for key, entered in table */
static struct tally *
tally_new(GHashTable *table, const char *key)
{
	size_t len = strlen(key);
	struct tally *t = g_malloc(sizeof(*t) + len + 1);

	t->n = 0;
	memcpy(t->key, key, len + 1);
	g_hash_table_insert(table, t->key, t);
	return t;
}

/* valueset_add - add weight to a value's tally */
int
valueset_add(struct valueset *vs, const char *set, const char *value, double weight)
{
	struct vset *s;
	struct tally *t = NULL, *n;
	char *exact, *net;

	if (!(weight > 0))
		return 0;	/* also NaN: nothing to add */
	if (weight > VALUESET_MAX_WEIGHT)
		weight = VALUESET_MAX_WEIGHT;
	if (valueset_keys(value, &exact, &net) < 0) {
		vs->refused++;
		return 0;
	}
	if ((s = valueset_set(vs, set)) && !(t = g_hash_table_lookup(s->tally, exact))
	    && vs->nvalues < VALUESET_MAX_VALUES) {
		t = tally_new(s->tally, exact);
		vs->nvalues++;
	}
	if (t) {
		t->n += weight;
		if (!(n = g_hash_table_lookup(s->net, net)))
			n = tally_new(s->net, net);
		if (n->n < t->n)
			n->n = t->n;
	} else {
		vs->refused++;
	}
	g_free(exact);
	g_free(net);
	return t ? 1 : 0;
}

/* valueset_tally - a value's tally, or its network's highest */
double
valueset_tally(const struct valueset *vs, const char *set, const char *value, int near)
{
	struct vset *s = g_hash_table_lookup(vs->sets, set);
	const struct tally *t;
	char *exact, *net;

	if (!s || valueset_keys(value, &exact, &net) < 0)
		return 0;
	t = g_hash_table_lookup(near ? s->net : s->tally, near ? net : exact);
	g_free(exact);
	g_free(net);
	return t ? t->n : 0;
}

/* valueset_refused - how many values the limits kept out */
unsigned
valueset_refused(const struct valueset *vs)
{
	return vs->refused;
}
