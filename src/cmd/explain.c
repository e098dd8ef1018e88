/*
 * explain.c - "mailgloss explain": annotate files for a person or a
 * program (text, JSON), one file, an mbox or stdin at a time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "cmd/cmd.h"
#include "cmd/filter.h"

enum explain_format { FMT_TEXT, FMT_JSON, FMT_MAIL };

struct explain_opts {
	enum explain_format format;
	int colour;
	int unknown_only;
	struct ruleset *rs;
	int rule_problems;
	struct config *cfg;
	GString *out;
	int nmessages;
};

/* explain_usage - --help text */
static void
explain_usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: mailgloss explain [OPTION]... [FILE]...\n"
			    "Explain report mails, mbox files or bare report texts (\"-\" or none: stdin).\n"
			    "\n"
			    "  -f, --format=FORMAT  text (default), json, or mail (the message filter would deliver)\n"
			    "  -u, --unknown        print only the lines no rule recognises\n"
			    "      --color=WHEN     auto (default: on a terminal), always, never\n"
			    "      --lang=LANG      en, ja or ja,en\n"
			    "  -h, --help           this help\n"
			    "\n"
			    "Exit status: 0 explained, 64 usage error, 66 a file could not be read.\n"));
}

/* explain_unknown_lines - "--unknown": what the catalogue lacks */
static void
explain_unknown_lines(struct explain_opts *o, const struct explained *x)
{
	guint k, j;

	for (k = 0; k < x->ann->entries->len; k++) {
		const struct entry *e = &g_array_index(x->ann->entries, struct entry, k);

		if (e->verdict != VERDICT_UNKNOWN)
			continue;
		for (j = 0; j < e->nlines; j++) {
			const struct report_line *l = &x->report->lines[e->lines[j]];
			char *safe = render_safe_line(l->text);
			const struct report_section *s = report_section(x->report, e->section);
			char *title = render_safe_line(s->title);
			char *source = render_safe_line(x->source);

			g_string_append_printf(o->out, "%s:%d: %s/%s: %s\n", source, l->lineno,
					       s->kind, title, safe);
			g_free(safe);
			g_free(title);
			g_free(source);
		}
	}
}

/* explain_mail - the message as filter would deliver it */
static void
explain_mail(struct explain_opts *o, const char *buf, size_t len)
{
	struct filter_settings fs = { .rs = o->rs, .rule_problems = o->rule_problems, .cfg = o->cfg };
	size_t env = filter_envelope_len(buf, len);
	char *why = NULL;

	if (filter_rewrite(buf + env, len - env, &fs, o->out, &why) != FILTER_ANNOTATED) {
		g_string_truncate(o->out, 0);
		g_string_append_len(o->out, buf + env, len - env);
	}
	if (why)
		msg_warn("%s", why);
	g_free(why);
	fwrite(o->out->str, 1, o->out->len, stdout);
	g_string_truncate(o->out, 0);
	o->nmessages++;
}

/* explain_one - analyse and render one message */
static int
explain_one(struct explain_opts *o, const char *buf, size_t len, const char *source, int index)
{
	struct analysis *a = NULL;
	char *err = NULL;

	if (o->format == FMT_MAIL && !o->unknown_only) {
		explain_mail(o, buf, len);
		return 0;
	}
	if (engine_analyse(buf, len, source, index, o->rs, &a, &err) < 0) {
		msg_error("%s: %s", source, err);
		g_free(err);
		return -1;
	}
	if (o->unknown_only)
		explain_unknown_lines(o, &a->x);
	else if (o->format == FMT_JSON)
		render_json_message(o->out, &a->x, o->nmessages == 0);
	else {
		if (o->nmessages)
			g_string_append_c(o->out, '\n');
		render_text(o->out, &a->x, o->colour);
	}
	o->nmessages++;
	engine_free(&a);
	fwrite(o->out->str, 1, o->out->len, stdout);
	g_string_truncate(o->out, 0);
	return 0;
}

/* explain_file - a file may be one mail, a bare text, or an mbox */
static int
explain_file(struct explain_opts *o, const char *path)
{
	GByteArray *data = NULL;
	char *err = NULL;
	int rc = 0;

	if (util_read_file(path, &data, &err) < 0) {
		msg_error("%s", err);
		g_free(err);
		return -1;
	}
	if (mbox_looks_like((char *)data->data, data->len)) {
		struct mbox_reader *rd = mbox_reader_new((char *)data->data, data->len);
		GByteArray *msg;
		int index = 0;

		while (mbox_next(rd, &msg, NULL)) {
			if (explain_one(o, (char *)msg->data, msg->len, path, index++) < 0)
				rc = -1;
			g_byte_array_free(msg, TRUE);
		}
		mbox_reader_free(&rd);
	} else {
		rc = explain_one(o, (char *)data->data, data->len, path, 0);
	}
	g_byte_array_free(data, TRUE);
	return rc;
}

/* cmd_explain - parse options, explain every file */
int
cmd_explain(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "unknown", no_argument, NULL, 'u' },
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct explain_opts o = { 0 };
	struct config *cfg = NULL;
	const char *colour = "auto", *nocolor = getenv("NO_COLOR");
	int c, i, problems, failed = 0;

	while ((c = getopt_long(argc, argv, "+f:uh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				o.format = FMT_JSON;
			else if (strcmp(optarg, "text") == 0)
				o.format = FMT_TEXT;
			else if (strcmp(optarg, "mail") == 0)
				o.format = FMT_MAIL;
			else {
				msg_error(_("unknown format \"%s\" (text, json, mail)"), optarg);
				return EX_MG_USAGE;
			}
			break;
		case 'u':
			o.unknown_only = 1;
			break;
		case 'C':
			colour = optarg;
			break;
		case 'L':
			break;	/* handled in main */
		case 'h':
			explain_usage(stdout);
			return 0;
		default:
			explain_usage(stderr);
			return EX_MG_USAGE;
		}
	}
	o.colour = strcmp(colour, "always") == 0
		   || (strcmp(colour, "auto") == 0 && isatty(1) && !(nocolor && *nocolor));
	config_load(g->config, &cfg);
	if (!g->lang && cfg->language)
		i18n_init(cfg->language);
	o.rs = engine_rules(g->rules_dir ? g->rules_dir : cfg->rules_dir, &problems);
	config_free(&cfg);
	o.out = g_string_new(NULL);
	if (o.format == FMT_JSON && !o.unknown_only) {
		render_json_begin(o.out);
		fwrite(o.out->str, 1, o.out->len, stdout);
		g_string_truncate(o.out, 0);
	}
	if (optind >= argc)
		failed |= explain_file(&o, "-") < 0;
	for (i = optind; i < argc; i++)
		failed |= explain_file(&o, argv[i]) < 0;
	if (o.format == FMT_JSON && !o.unknown_only) {
		render_json_end(o.out);
		fwrite(o.out->str, 1, o.out->len, stdout);
	}
	g_string_free(o.out, TRUE);
	ruleset_free(&o.rs);
	if (fflush(stdout) != 0) {
		msg_error(_("cannot write the output"));
		return EX_MG_TEMPFAIL;
	}
	return failed ? EX_MG_NOINPUT : 0;
}
