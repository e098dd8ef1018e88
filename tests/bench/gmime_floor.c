/*
 * gmime_floor.c - the throughput floor for "make bench": the least a
 * GMime program must do to rewrite an mbox.  It maps the mbox, splits it
 * at From_ lines, undoes one level of >From quoting, parses every message
 * with GMime, decodes every text part to a string, writes the message
 * back with mboxrd quoting and prints "messages bytes seconds".
 *
 * usage: gmime_floor IN.mbox OUT.mbox
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmime/gmime.h>

/* floor_next - end of the message starting at p (next "\n\nFrom " + 2, or end) */
static const char *
floor_next(const char *p, const char *end)
{
	const char *q = memmem(p, end - p, "\n\nFrom ", 7);

	return q ? q + 2 : end;
}

/* floor_unquote - the message without its From_ line, one '>' removed */
static GByteArray *
floor_unquote(const char *p, const char *end)
{
	GByteArray *out = g_byte_array_sized_new(end - p);
	const char *nl, *q;

	nl = memchr(p, '\n', end - p);
	p = nl ? nl + 1 : end;
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = nl ? nl + 1 : end;
		for (q = p; q < nl && *q == '>'; q++)
			;
		if (q > p && nl - q >= 5 && memcmp(q, "From ", 5) == 0)
			p++;
		g_byte_array_append(out, (const guint8 *)p, nl - p);
		p = nl;
	}
	return out;
}

/* floor_decode - decode every text part (what an annotator must read) */
static size_t
floor_decode(GMimeMessage *m)
{
	GMimePartIter *it = g_mime_part_iter_new((GMimeObject *)m);
	size_t n = 0;

	do {
		GMimeObject *o = g_mime_part_iter_get_current(it);

		if (o && GMIME_IS_TEXT_PART(o)) {
			char *text = g_mime_text_part_get_text((GMimeTextPart *)o);

			n += text ? strlen(text) : 0;
			g_free(text);
		}
	} while (g_mime_part_iter_next(it));
	g_mime_part_iter_free(it);
	return n;
}

/* floor_write - From_ line, the message with mboxrd quoting, a blank line */
static void
floor_write(FILE *out, const char *from, size_t from_len, GMimeMessage *m)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;
	const char *p, *end, *nl, *q;

	g_mime_object_write_to_stream((GMimeObject *)m, NULL, mem);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	fwrite(from, 1, from_len, out);
	for (p = (const char *)ba->data, end = p + ba->len; p < end; p = nl) {
		nl = memchr(p, '\n', end - p);
		nl = nl ? nl + 1 : end;
		for (q = p; q < nl && *q == '>'; q++)
			;
		if (nl - q >= 5 && memcmp(q, "From ", 5) == 0)
			fputc('>', out);
		fwrite(p, 1, nl - p, out);
	}
	fputs("\n", out);
	g_object_unref(mem);
}

int
main(int argc, char **argv)
{
	struct stat st;
	const char *map, *p, *end, *next, *nl;
	FILE *out;
	gint64 t0;
	long n = 0;
	int fd;

	if (argc == 2 && strcmp(argv[1], "--start-up") == 0)
		return 0;	/* only the cost of starting with GMime's libraries */
	if (argc != 3 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) < 0
	    || !(out = fopen(argv[2], "w"))) {
		fprintf(stderr, "usage: gmime_floor IN.mbox OUT.mbox\n");
		return 64;
	}
	g_mime_init();
	t0 = g_get_monotonic_time();
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	for (p = map, end = map + st.st_size; p < end; p = next) {
		GByteArray *msg;
		GMimeStream *s;
		GMimeParser *parser;
		GMimeMessage *m;

		next = floor_next(p, end);
		nl = memchr(p, '\n', next - p);
		msg = floor_unquote(p, next);
		s = g_mime_stream_mem_new_with_buffer((const char *)msg->data, msg->len);
		parser = g_mime_parser_new_with_stream(s);
		g_object_unref(s);
		m = g_mime_parser_construct_message(parser, NULL);
		g_object_unref(parser);
		if (m) {
			floor_decode(m);
			floor_write(out, p, nl ? (size_t)(nl - p) + 1 : 0, m);
			g_object_unref(m);
		}
		g_byte_array_free(msg, TRUE);
		n++;
	}
	fclose(out);
	printf("%ld %lld %.3f\n", n, (long long)st.st_size, (g_get_monotonic_time() - t0) / 1e6);
	g_mime_shutdown();
	return 0;
}
