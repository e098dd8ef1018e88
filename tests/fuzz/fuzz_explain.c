/*
 * fuzz_explain.c - libFuzzer target: one input through the whole engine
 * (MIME parse, charset decoding, detection, parsing, classification) and
 * every renderer (text, JSON, mail).
 */
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"
#include "i18n.h"

static struct ruleset *fuzz_rules;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerInitialize - load the shipped catalogue once */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mail_init();
	i18n_init("en");
	fuzz_rules = engine_rules(NULL, NULL);
	return 0;
}

/* LLVMFuzzerTestOneInput - analyse and render one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis *a = NULL;
	char *err = NULL;
	GString *out;

	if (engine_analyse((const char *)data, size, "fuzz", 0, fuzz_rules, &a, &err) < 0) {
		g_free(err);
		return 0;
	}
	out = g_string_new(NULL);
	render_text(out, &a->x, 0);
	render_json_begin(out);
	render_json_message(out, &a->x, 1);
	render_json_end(out);
	if (a->x.report->kind) {
		struct render_mail_opts o = { .subject_tag = "[ACTION]", .loop = NULL };

		g_string_truncate(out, 0);
		if (render_mail(out, &a->x, a->mail->raw + a->mail->envelope_len,
				a->mail->raw_len - a->mail->envelope_len, &o, &err) < 0)
			g_free(err);
	}
	g_string_free(out, TRUE);
	engine_free(&a);
	return 0;
}
