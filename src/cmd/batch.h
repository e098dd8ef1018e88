/*
 * batch.h - the pieces of "mailgloss batch": a mailbox read one message
 * at a time (batch_source.c), a mailbox written or replaced safely
 * (batch_sink.c), the statistics and unknown-line report
 * (batch_report.c, batch_shape.c) and the progress bar (batch_progress.c).
 */
#ifndef MAILGLOSS_BATCH_H
#define MAILGLOSS_BATCH_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include <glib.h>

#include "render/render.h"

enum batch_format {
	BATCH_MBOX,
	BATCH_MAILDIR,
};

/* One message of the source mailbox. */
struct batch_msg {
	int index;			/* from 0, in mailbox order */
	const char *data;		/* the message: no From_ line, quoting undone */
	size_t len;
	char *from_line;		/* mbox: the From_ line without newline, or NULL */
	const char *raw;		/* the source bytes to copy when unchanged */
	size_t raw_len;
	char *subdir;			/* Maildir: "new" or "cur" */
	char *base;			/* Maildir: the name before ":2," */
	char *info;			/* Maildir: what follows ":" ("2,FS"), or NULL */
	time_t mtime;			/* Maildir: the file's time; mbox: 0 */
	guint64 done;			/* source bytes read so far, for progress */
	/* owned storage behind data and raw */
	GByteArray *own_data;
	char *own_raw;
};

void batch_msg_clear(struct batch_msg *m);

/* batch_source.c: mbox (mmap()ed, pages dropped behind) or Maildir. */
struct batch_source;
int batch_detect(const char *path, enum batch_format *fmt_r, char **errstr);
int batch_source_open(const char *path, enum batch_format fmt, struct batch_source **src_r,
		      char **errstr);
guint64 batch_source_size(const struct batch_source *src);
/* 1 with *m filled (clear it with batch_msg_clear), 0 at the end, -1 on error. */
int batch_source_next(struct batch_source *src, struct batch_msg *m, char **errstr);
void batch_source_close(struct batch_source **srcp);

/* batch_sink.c: a new mailbox, or the source replaced in place. */
struct batch_sink;
struct batch_sink_opts {
	enum batch_format fmt;
	const char *path;
	int in_place;
	int backup;			/* in place: keep the original as PATH.bak */
};
int batch_sink_open(const struct batch_sink_opts *o, struct batch_sink **sink_r, char **errstr);
/* Writes m: out (annotated) or, when out is NULL, m unchanged. */
int batch_sink_put(struct batch_sink *sink, const struct batch_msg *m, const char *out,
		   size_t out_len, char **errstr);
/* Makes everything durable and puts the new mailbox in place. */
int batch_sink_commit(struct batch_sink *sink, char **errstr);
/* Name of the backup made by commit, or NULL. */
const char *batch_sink_backup(const struct batch_sink *sink);
/* Frees the sink; before a commit, removes what was written. */
void batch_sink_free(struct batch_sink **sinkp);

/* batch_report.c: what the mailbox held. */
enum batch_other {
	BATCH_ANNOTATED_BEFORE,	/* has X-Mailgloss-Version: left alone */
	BATCH_TOO_BIG,		/* over max_message_size */
	BATCH_FAILED,		/* analysis failed: left unchanged */
	BATCH_OTHER_COUNT,
};
enum batch_report_format { BATCH_REPORT_TEXT, BATCH_REPORT_JSON };

struct batch_report;
/* writing: a new mailbox is written, so "annotated" means something. */
struct batch_report *batch_report_new(int writing);
void batch_report_add(struct batch_report *br, const struct explained *x, const char *date,
		      int annotated);
void batch_report_other(struct batch_report *br, enum batch_other what);
void batch_report_write(struct batch_report *br, enum batch_report_format fmt, FILE *fp);
int batch_report_write_stubs(struct batch_report *br, const char *path, char **errstr);
void batch_report_free(struct batch_report **brp);

/* A JSON string literal of UTF-8 text. */
void batch_json_string(GString *out, const char *s);
/* Report text made safe to print (no controls, no look-alike marker); g_free. */
char *batch_safe(const char *text);

/* batch_shape.c: unrecognised lines grouped by shape, and rule stubs. */
struct batch_shapes;
struct batch_shapes *batch_shapes_new(void);
void batch_shapes_add(struct batch_shapes *bs, const char *kind, const char *section,
		      const char *context, const char *line, int joined);
guint batch_shapes_count(const struct batch_shapes *bs);
void batch_shapes_write(struct batch_shapes *bs, FILE *fp, guint max, int json);
void batch_shapes_write_stubs(struct batch_shapes *bs, FILE *fp);
void batch_shapes_free(struct batch_shapes **bsp);
/* The shape of a line: digits as N, addresses, hex and paths as <IP> ...; g_free. */
char *batch_shape_of(const char *line);
/* A PCRE2 pattern matching every line of the shape of line; g_free. */
char *batch_shape_pattern(const char *line);

/*
 * batch_pool.c: worker threads.  work(ctx, job) runs on a worker with
 * that worker's ctx; finish(ctx, NULL) when the worker ends.  Jobs come
 * back from batch_pool_take in submission order.  Take every pending job
 * before batch_pool_free.
 */
struct batch_pool;
typedef void batch_work_fn(void *ctx, void *job);
struct batch_pool *batch_pool_new(int n, void **ctx, batch_work_fn *work, batch_work_fn *finish);
void batch_pool_submit(struct batch_pool *pool, void *job);
guint batch_pool_pending(const struct batch_pool *pool);
void *batch_pool_take(struct batch_pool *pool);
void batch_pool_free(struct batch_pool **poolp);

/* batch_progress.c: a one-line progress bar on a terminal. */
struct batch_progress {
	int enabled;
	guint64 total;			/* bytes */
	gint64 start, last;		/* monotonic microseconds */
};
void batch_progress_init(struct batch_progress *p, guint64 total, int enabled);
void batch_progress_update(struct batch_progress *p, guint64 done, int nmsgs, int force);
void batch_progress_done(struct batch_progress *p);

#endif
