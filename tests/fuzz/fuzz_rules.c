/*
 * fuzz_rules.c - libFuzzer target: the rule-file parser, then matching a
 * few lines and checking examples with whatever rules survived.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "msg.h"
#include "knowledge/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - load one rule file from the input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct ruleset *rs;
	struct rule_match m;
	FILE *fp;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/mg-fuzz-rules.%d.rules", (int)getpid());
		msg_set_quiet(1);
	}
	fp = fopen(path, "wb");
	if (!fp)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	rs = ruleset_new();
	ruleset_load(rs, path, 1);
	ruleset_match(rs, "logwatch", "SSHD", "Failed logins from:", "root/password: 16 Times", &m);
	ruleset_match(rs, "test", "", "", "disk full 97%", &m);
	ruleset_check_examples(rs);
	ruleset_free(&rs);
	return 0;
}
