/*
 * msg.h - diagnostics for mailgloss (modelled on Postfix msg(3)).
 *
 * Every warning and error the program prints goes through here, so the
 * program name prefix, verbosity and destination are decided in one place.
 */
#ifndef MAILGLOSS_MSG_H
#define MAILGLOSS_MSG_H

#include <stdarg.h>

/* Exit codes from sysexits(3); only these are used. */
#define EX_MG_OK	0
#define EX_MG_USAGE	64
#define EX_MG_DATAERR	65
#define EX_MG_NOINPUT	66
#define EX_MG_SOFTWARE	70
#define EX_MG_TEMPFAIL	75

void msg_init(const char *progname);
void msg_set_verbose(int level);
void msg_set_quiet(int quiet);
int msg_verbose_level(void);
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void msg_fatal_status(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void msg_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Number of msg_warn/msg_error calls so far (for "rules check"). */
int msg_error_count(void);

/* Formats an error string for the int-plus-errstr convention. */
char *msg_errstr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
