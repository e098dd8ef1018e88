/*
 * fuzz_mbox.c - libFuzzer target: mbox splitting and From_ unquoting.
 */
#include <stdint.h>
#include <string.h>

#include "mail/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - split the input as an mbox */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mbox_reader *rd;
	GByteArray *msg;
	char *from;
	size_t total = 0;

	mbox_looks_like((const char *)data, size);
	rd = mbox_reader_new((const char *)data, size);
	while (mbox_next(rd, &msg, &from)) {
		total += msg->len;
		if (total > 4 * size + 4096)
			__builtin_trap();	/* unquoting never grows the data */
		g_byte_array_free(msg, TRUE);
		g_free(from);
	}
	mbox_reader_free(&rd);
	return 0;
}
