/*
 * msg.c - diagnostics: "mailgloss: warning: ..." on stderr.
 *
 * Messages are sanitised before printing, because they often quote input
 * (a rule file, a mail header) and must never carry terminal escapes.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "util.h"

static const char *msg_progname = "mailgloss";
static int msg_verbose;
static int msg_errors;
static int msg_quiet;

/* msg_init - remember the program name used as prefix */
void
msg_init(const char *progname)
{
	const char *slash = strrchr(progname, '/');

	msg_progname = slash ? slash + 1 : progname;
}

/* msg_set_quiet - print nothing (fuzzing, batch workers); counts go on */
void
msg_set_quiet(int quiet)
{
	msg_quiet = quiet;
}

/* msg_set_verbose - set the debug level (-v) */
void
msg_set_verbose(int level)
{
	msg_verbose = level;
}

/* msg_verbose_level - current debug level */
int
msg_verbose_level(void)
{
	return msg_verbose;
}

/* msg_vprint - print one diagnostic line, sanitised */
static void
msg_vprint(const char *level, const char *fmt, va_list ap)
{
	char *text, *safe;

	if (msg_quiet)
		return;
	text = g_strdup_vprintf(fmt, ap);
	safe = util_sanitize(text, strlen(text));

	if (level)
		fprintf(stderr, "%s: %s: %s\n", msg_progname, level, safe);
	else
		fprintf(stderr, "%s: %s\n", msg_progname, safe);
	fflush(stderr);
	g_free(safe);
	g_free(text);
}

/* msg_info - an informational line */
void
msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(NULL, fmt, ap);
	va_end(ap);
}

/* msg_warn - something is wrong, but work continues */
void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	msg_errors++;
	va_start(ap, fmt);
	msg_vprint("warning", fmt, ap);
	va_end(ap);
}

/* msg_error - an error that the caller will turn into an exit status */
void
msg_error(const char *fmt, ...)
{
	va_list ap;

	msg_errors++;
	va_start(ap, fmt);
	msg_vprint("error", fmt, ap);
	va_end(ap);
}

/* msg_debug - printed only with -v */
void
msg_debug(const char *fmt, ...)
{
	va_list ap;

	if (!msg_verbose)
		return;
	va_start(ap, fmt);
	msg_vprint("debug", fmt, ap);
	va_end(ap);
}

/* msg_fatal - report and exit with EX_SOFTWARE */
void
msg_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint("fatal", fmt, ap);
	va_end(ap);
	exit(EX_MG_SOFTWARE);
}

/* msg_fatal_status - report and exit with the given status */
void
msg_fatal_status(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint("fatal", fmt, ap);
	va_end(ap);
	exit(status);
}

/* msg_error_count - warnings and errors printed so far */
int
msg_error_count(void)
{
	return msg_errors;
}

/* msg_errstr - allocate an error string (g_free it) */
char *
msg_errstr(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return s;
}
