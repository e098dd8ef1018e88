/*
 * stubs.c - commands not written yet (temporary).
 */
#include "msg.h"
#include "cmd/cmd.h"

/* cmd_batch - not yet */
int
cmd_batch(int argc, char **argv, const struct global_opts *g)
{
	msg_error("batch is not implemented yet");
	return EX_MG_SOFTWARE;
}
