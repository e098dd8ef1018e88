/*
 * mail_private.h - functions shared between the files of the mail layer
 * (the .c files in src/mail/) and nowhere else.
 */
#ifndef MAILGLOSS_MAIL_PRIVATE_H
#define MAILGLOSS_MAIL_PRIVATE_H

#include <stddef.h>
#include <glib.h>

#include "mail.h"

/*
 * charset.c: bytes in a declared (or undeclared: NULL) charset to valid
 * UTF-8 without NUL bytes.  *note_r gets a newly allocated sentence when
 * the decoding needed a guess or lost bytes, else NULL.
 */
char *mail_charset_decode(const char *cs, const char *buf, size_t len,
    size_t *len_r, int *lossy_r, char **note_r);

/* header.c: the RFC 5322 header block and values read from raw bytes. */
size_t mail_envelope_len(const char *buf, size_t len);
int mail_from_line_ok(const char *line, size_t len);
int mail_header_block(const char *buf, size_t len, size_t *end_r);
char *mail_header_find(const char *buf, size_t len, const char *name);
char *mail_host_guess(const char *subject, const char *from);

/* mime.c: a note for mail->notes (printf-style, sanitised). */
void mail_note(struct mail *mail, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
