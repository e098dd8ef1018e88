/*
 * batch_source.c - read a mailbox one message at a time for "batch".
 *
 * An mbox is mmap()ed, never read whole into the heap, and split by the
 * mail layer's reader, which undoes one level of ">From " quoting; a
 * message with nothing to undo is worked on in the map, not copied.  The
 * reader looks one message ahead so that every message knows its exact
 * source byte range (From_ line to the next From_ line): a message that
 * stays unchanged is copied from there byte for byte.  Pages behind the
 * current message are dropped with madvise(), so the resident size stays
 * flat however large the file is.
 *
 * A Maildir is listed once (new/ and cur/, sorted by name, which starts
 * with the delivery time) and its files are read one by one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"
#include "cmd/batch.h"
#include "mail/mail.h"

#define SOURCE_DROP_STEP	(8UL << 20)	/* madvise() at most every 8 MiB */

struct batch_source {
	enum batch_format fmt;
	char *path;
	int index;
	guint64 size;
	/* mbox */
	int fd;
	char *map;
	struct mbox_reader *rd;
	const char *next_data;		/* the message read ahead: in the map, */
	size_t next_len;
	GByteArray *next_copy;		/* or in this copy when quoting was undone */
	char *next_from;
	size_t next_off;
	int have_next;
	size_t dropped;			/* pages before this offset were dropped */
	/* Maildir */
	GPtrArray *names;		/* "new/NAME" or "cur/NAME:2,..." */
	guint pos;
	guint64 done;
};

/* batch_msg_clear - free what a message owns and zero it */
void
batch_msg_clear(struct batch_msg *m)
{
	if (m->own_data)
		g_byte_array_free(m->own_data, TRUE);
	g_free(m->own_raw);
	g_free(m->from_line);
	g_free(m->subdir);
	g_free(m->base);
	g_free(m->info);
	memset(m, 0, sizeof(*m));
}

/* source_is_maildir - does dir have cur/ and new/ subdirectories? */
static int
source_is_maildir(const char *dir)
{
	char *cur = g_build_filename(dir, "cur", NULL), *new = g_build_filename(dir, "new", NULL);
	int yes = g_file_test(cur, G_FILE_TEST_IS_DIR) && g_file_test(new, G_FILE_TEST_IS_DIR);

	g_free(cur);
	g_free(new);
	return yes;
}

/* batch_detect - mbox (a regular file) or Maildir (a directory with cur/ and new/) */
int
batch_detect(const char *path, enum batch_format *fmt_r, char **errstr)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		*errstr = msg_errstr("%s: %s", path, g_strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		*fmt_r = BATCH_MBOX;
		return 0;
	}
	if (S_ISDIR(st.st_mode) && source_is_maildir(path)) {
		*fmt_r = BATCH_MAILDIR;
		return 0;
	}
	*errstr = msg_errstr("%s: neither an mbox file nor a Maildir (cur/, new/)", path);
	return -1;
}

/* source_open_mbox - map the file and check that it is an mbox */
static int
source_open_mbox(struct batch_source *src, char **errstr)
{
	struct stat st;

	src->fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (src->fd < 0 || fstat(src->fd, &st) < 0) {
		*errstr = msg_errstr("%s: %s", src->path, g_strerror(errno));
		return -1;
	}
	src->size = (guint64)st.st_size;
	if (src->size == 0)
		return 0;	/* an empty mbox holds no messages */
	src->map = mmap(NULL, src->size, PROT_READ, MAP_PRIVATE, src->fd, 0);
	if (src->map == MAP_FAILED) {
		src->map = NULL;
		*errstr = msg_errstr("%s: mmap: %s", src->path, g_strerror(errno));
		return -1;
	}
	(void)madvise(src->map, src->size, MADV_SEQUENTIAL);
	if (!mbox_looks_like(src->map, src->size)) {
		*errstr = msg_errstr("%s: not an mbox (no From_ line at the start)", src->path);
		return -1;
	}
	src->rd = mbox_reader_new(src->map, src->size);
	return 0;
}

/* source_name_key - the delivery time at the start of a Maildir name */
static long long
source_name_key(const char *name)
{
	const char *base = strchr(name, '/');

	return g_ascii_strtoll(base ? base + 1 : name, NULL, 10);
}

/* source_name_cmp - Maildir names in delivery order */
static gint
source_name_cmp(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	long long kx = source_name_key(x), ky = source_name_key(y);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(strchr(x, '/'), strchr(y, '/'));
}

/* source_list - add the messages of dir/sub to names; sizes to *total */
static int
source_list(struct batch_source *src, const char *sub, char **errstr)
{
	char *dir = g_build_filename(src->path, sub, NULL);
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;

	if (!d) {
		*errstr = msg_errstr("%s: %s", dir, g_strerror(errno));
		g_free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		g_ptr_array_add(src->names, g_strconcat(sub, "/", de->d_name, NULL));
		src->size += (guint64)st.st_size;
	}
	closedir(d);
	g_free(dir);
	return 0;
}

/* batch_source_open - open an mbox or a Maildir for reading */
int
batch_source_open(const char *path, enum batch_format fmt, struct batch_source **src_r,
		  char **errstr)
{
	struct batch_source *src = g_new0(struct batch_source, 1);
	int rc;

	src->fmt = fmt;
	src->path = g_strdup(path);
	src->fd = -1;
	if (fmt == BATCH_MBOX) {
		rc = source_open_mbox(src, errstr);
	} else {
		src->names = g_ptr_array_new_with_free_func(g_free);
		rc = source_list(src, "new", errstr);
		if (rc == 0)
			rc = source_list(src, "cur", errstr);
		g_ptr_array_sort(src->names, source_name_cmp);
	}
	if (rc < 0) {
		batch_source_close(&src);
		return -1;
	}
	*src_r = src;
	return 0;
}

/* batch_source_size - total bytes, for the progress bar */
guint64
batch_source_size(const struct batch_source *src)
{
	return src->size;
}

/* source_read_ahead - fetch the message after the current one */
static void
source_read_ahead(struct batch_source *src)
{
	src->have_next = src->rd && mbox_next_span(src->rd, &src->next_data, &src->next_len,
						   &src->next_copy, &src->next_from);
	if (src->have_next)
		src->next_off = mbox_offset(src->rd);
}

/* source_drop - give back the pages of messages already done */
static void
source_drop(struct batch_source *src, size_t upto)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t end = upto - upto % (size_t)page;

	if (end < src->dropped + SOURCE_DROP_STEP)
		return;
	(void)madvise(src->map + src->dropped, end - src->dropped, MADV_DONTNEED);
	src->dropped = end;
}

/* source_next_mbox - the next mbox message and its source byte range */
static int
source_next_mbox(struct batch_source *src, struct batch_msg *m)
{
	size_t start, end;

	if (src->index == 0)
		source_read_ahead(src);
	if (!src->have_next)
		return 0;
	m->own_data = src->next_copy;
	m->data = src->next_data;
	m->len = src->next_len;
	m->from_line = src->next_from;
	start = src->next_off;
	src->next_copy = NULL;
	src->next_from = NULL;
	source_read_ahead(src);
	end = src->have_next ? src->next_off : src->size;
	m->raw = src->map + start;
	m->raw_len = end - start;
	m->done = end;
	source_drop(src, start);
	return 1;
}

/* source_split_name - "cur/NAME:2,FS" into subdir, base and info */
static void
source_split_name(const char *name, struct batch_msg *m)
{
	const char *slash = strchr(name, '/'), *colon = strchr(slash + 1, ':');

	m->subdir = g_strndup(name, slash - name);
	m->base = colon ? g_strndup(slash + 1, colon - (slash + 1)) : g_strdup(slash + 1);
	m->info = colon ? g_strdup(colon + 1) : NULL;
}

/* source_next_maildir - read the next Maildir file whole */
static int
source_next_maildir(struct batch_source *src, struct batch_msg *m, char **errstr)
{
	const char *name = NULL;
	GByteArray *data = NULL;
	struct stat st;
	char *path = NULL;

	for (;;) {
		if (src->pos >= src->names->len)
			return 0;
		name = src->names->pdata[src->pos++];
		g_free(path);
		path = g_build_filename(src->path, name, NULL);
		if (stat(path, &st) == 0)
			break;
		if (errno != ENOENT) {
			*errstr = msg_errstr("%s: %s", path, g_strerror(errno));
			g_free(path);
			return -1;
		}
		/* Gone meanwhile: a mail client moved or deleted it. */
	}
	if (util_read_file(path, &data, errstr) < 0) {
		g_free(path);
		return -1;
	}
	g_free(path);
	source_split_name(name, m);
	m->mtime = st.st_mtime;
	m->len = data->len;
	m->own_raw = (char *)g_byte_array_free(data, FALSE);
	m->data = m->raw = m->own_raw;
	m->raw_len = m->len;
	src->done += m->len;
	m->done = src->done;
	return 1;
}

/* batch_source_next - the next message in mailbox order */
int
batch_source_next(struct batch_source *src, struct batch_msg *m, char **errstr)
{
	int rc;

	memset(m, 0, sizeof(*m));
	*errstr = NULL;
	rc = src->fmt == BATCH_MBOX ? source_next_mbox(src, m) : source_next_maildir(src, m, errstr);
	if (rc == 1)
		m->index = src->index++;
	return rc;
}

/* batch_source_close - unmap, close and clear the pointer */
void
batch_source_close(struct batch_source **srcp)
{
	struct batch_source *src = *srcp;

	if (!src)
		return;
	mbox_reader_free(&src->rd);
	if (src->next_copy)
		g_byte_array_free(src->next_copy, TRUE);
	g_free(src->next_from);
	if (src->map)
		munmap(src->map, src->size);
	if (src->fd >= 0)
		close(src->fd);
	if (src->names)
		g_ptr_array_free(src->names, TRUE);
	g_free(src->path);
	g_free(src);
	*srcp = NULL;
}
