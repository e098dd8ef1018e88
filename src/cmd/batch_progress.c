/*
 * batch_progress.c - a progress bar for "batch" on a terminal's stderr:
 * messages, MiB done of the total, rate and time left, redrawn with \r
 * at most ten times a second.  Off when stderr is not a terminal.
 */
#include <stdio.h>

#include "i18n.h"
#include "cmd/batch.h"

#define PROGRESS_INTERVAL	100000	/* microseconds between redraws */
#define PROGRESS_WIDTH		24	/* characters of bar */

/* batch_progress_init - start the clock */
void
batch_progress_init(struct batch_progress *p, guint64 total, int enabled)
{
	p->enabled = enabled;
	p->total = total;
	p->start = g_get_monotonic_time();
	p->last = 0;
}

/* progress_eta - "mm:ss" (or "h:mm:ss") left at the present rate */
static void
progress_eta(char *buf, size_t size, double seconds)
{
	long s = seconds < 0 ? 0 : (long)(seconds + 0.5);

	if (s >= 3600)
		g_snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		g_snprintf(buf, size, "%02ld:%02ld", s / 60, s % 60);
}

/* batch_progress_update - redraw if the last drawing is old enough */
void
batch_progress_update(struct batch_progress *p, guint64 done, int nmsgs, int force)
{
	gint64 now = g_get_monotonic_time();
	double secs = (now - p->start) / 1e6, frac, rate;
	char bar[PROGRESS_WIDTH + 1], eta[32];
	int i, fill;

	if (!p->enabled || (!force && now - p->last < PROGRESS_INTERVAL))
		return;
	p->last = now;
	frac = p->total ? (double)done / (double)p->total : 1.0;
	frac = frac > 1.0 ? 1.0 : frac;
	fill = (int)(frac * PROGRESS_WIDTH);
	for (i = 0; i < PROGRESS_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[PROGRESS_WIDTH] = '\0';
	rate = secs > 0 ? done / 1048576.0 / secs : 0;
	progress_eta(eta, sizeof(eta), rate > 0 ? (p->total - done) / 1048576.0 / rate : 0);
	fputs("\r", stderr);
	fprintf(stderr, _("[%s] %3.0f%%  %d messages  %.1f/%.1f MiB  %.1f MiB/s  %s left "),
		bar, frac * 100, nmsgs, done / 1048576.0, p->total / 1048576.0, rate, eta);
	fflush(stderr);
}

/* batch_progress_done - clear the bar's line */
void
batch_progress_done(struct batch_progress *p)
{
	if (!p->enabled || !p->last)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
