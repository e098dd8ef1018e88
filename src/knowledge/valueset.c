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

/*
 * The two keys of a value, built in place: most values are recorded or
 * looked up once, so their keys need not outlive the call.  net points
 * to netbuf, or to exact when both are the same.
 */
struct keys {
	char exact[VALUESET_MAX_LEN + 3];	/* "s " and the value, the longest */
	char netbuf[32];			/* "6/64 " and 16 hex digits, the longest */
	const char *net;
};

/* keys_octets - the first n bytes of addr as "A.B.C" at p; returns the end */
static char *
keys_octets(char *p, const unsigned char *addr, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			*p++ = '.';
		if (addr[i] >= 100)
			*p++ = (char)('0' + addr[i] / 100);
		if (addr[i] >= 10)
			*p++ = (char)('0' + addr[i] / 10 % 10);
		*p++ = (char)('0' + addr[i] % 10);
	}
	*p = 0;
	return p;
}

/* keys_address - the keys of a parsed address */
static void
keys_address(int family, const unsigned char *addr, struct keys *k)
{
	static const char hex[] = "0123456789abcdef";
	char *p;
	int i;

	if (family == 4) {
		memcpy(k->exact, "4 ", 2);
		keys_octets(k->exact + 2, addr, 4);
		memcpy(k->netbuf, "4/24 ", 5);
		keys_octets(k->netbuf + 5, addr, 3);
	} else {
		memcpy(k->exact, "6 ", 2);
		inet_ntop(AF_INET6, addr, k->exact + 2, sizeof(k->exact) - 2);
		memcpy(k->netbuf, "6/64 ", 5);
		for (i = 0, p = k->netbuf + 5; i < 8; i++) {
			*p++ = hex[addr[i] >> 4];
			*p++ = hex[addr[i] & 15];
		}
		*p = 0;
	}
	k->net = k->netbuf;
}

/*
 * keys_make - exact and network key of a value; 0, or -1 for an empty or
 * over-long value
 *
 * "ADDRESS (NAME)" and "NAME (ADDRESS)" (how LogWatch prints resolved
 * hosts) count as the address.
 */
static int
keys_make(const char *value, struct keys *k)
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
		keys_address(family, addr, k);
		return 0;
	}
	memcpy(k->exact, "s ", 2);
	memcpy(k->exact + 2, s, len);
	k->exact[len + 2] = 0;
	k->net = k->exact;
	return 0;
}

/* valueset_keys - exact and network key of a value, copied */
int
valueset_keys(const char *value, char **exact_r, char **net_r)
{
	struct keys k;

	if (keys_make(value, &k) < 0)
		return -1;
	*exact_r = g_strdup(k.exact);
	*net_r = g_strdup(k.net);
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
	struct keys k;

	if (!(weight > 0))
		return 0;	/* also NaN: nothing to add */
	if (weight > VALUESET_MAX_WEIGHT)
		weight = VALUESET_MAX_WEIGHT;
	if (keys_make(value, &k) < 0) {
		vs->refused++;
		return 0;
	}
	if ((s = valueset_set(vs, set)) && !(t = g_hash_table_lookup(s->tally, k.exact))
	    && vs->nvalues < VALUESET_MAX_VALUES) {
		t = tally_new(s->tally, k.exact);
		vs->nvalues++;
	}
	if (t) {
		t->n += weight;
		if (!(n = g_hash_table_lookup(s->net, k.net)))
			n = tally_new(s->net, k.net);
		if (n->n < t->n)
			n->n = t->n;
	} else {
		vs->refused++;
	}
	return t ? 1 : 0;
}

/* valueset_tally - a value's tally, or its network's highest */
double
valueset_tally(const struct valueset *vs, const char *set, const char *value, int near)
{
	struct vset *s = g_hash_table_lookup(vs->sets, set);
	const struct tally *t;
	struct keys k;

	if (!s || keys_make(value, &k) < 0)
		return 0;
	t = g_hash_table_lookup(near ? s->net : s->tally, near ? k.net : k.exact);
	return t ? t->n : 0;
}

/* valueset_refused - how many values the limits kept out */
unsigned
valueset_refused(const struct valueset *vs)
{
	return vs->refused;
}
