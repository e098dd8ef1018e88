/*
 * main.c - option parsing, locale and exit codes; everything else lives
 * in the subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mail/mail.h"
#include "msg.h"
#include "cmd/cmd.h"

/* usage - the top-level --help */
static void
usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: mailgloss [GLOBAL OPTION]... COMMAND [ARG]...\n"
			    "Explain the report mails servers send to root, in Japanese and English.\n"
			    "\n"
			    "Commands:\n"
			    "  filter   annotate one message on stdin and deliver it (MTA pipe)\n"
			    "  explain  explain mails, mbox files or report texts on the terminal\n"
			    "  batch    annotate every message of an mbox or Maildir\n"
			    "  rules    check, list and test the explanation catalogue\n"
			    "\n"
			    "Global options:\n"
			    "  --lang=LANG       en, ja or ja,en (default: configuration, then locale)\n"
			    "  --config=FILE     configuration file (default: /etc/mailgloss.conf)\n"
			    "  --rules-dir=DIR   site rules that add to or override the shipped ones\n"
			    "  -v, --verbose     debugging output on stderr\n"
			    "  -V, --version     print the version\n"
			    "  -h, --help        this help\n"
			    "\n"
			    "\"mailgloss COMMAND --help\" describes each command.  See mailgloss(1).\n"));
}

/* global_value - "--opt=value" or "--opt value" */
static const char *
global_value(int *i, int argc, char **argv, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct global_opts g = { 0 };
	const char *v;
	enum i18n_lang l;
	int i;

	msg_init(argv[0]);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if ((v = global_value(&i, argc, argv, "--lang"))) {
			if (i18n_parse(v, &l) < 0) {
				msg_error("--lang takes en, ja or ja,en, not \"%s\"", v);
				return EX_MG_USAGE;
			}
			g.lang = v;
		} else if ((v = global_value(&i, argc, argv, "--config"))) {
			g.config = v;
		} else if ((v = global_value(&i, argc, argv, "--rules-dir"))) {
			g.rules_dir = v;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			msg_set_verbose(msg_verbose_level() + 1);
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("mailgloss %s\n", VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			i18n_init(g.lang);
			usage(stdout);
			return 0;
		} else {
			i18n_init(g.lang);
			msg_error(_("unknown option \"%s\""), argv[i]);
			usage(stderr);
			return EX_MG_USAGE;
		}
	}
	/* Subcommands may also take --lang after their name. */
	for (int j = i + 1; j < argc; j++) {
		int k = j;

		if ((v = global_value(&k, argc, argv, "--lang")) && i18n_parse(v, &l) == 0)
			g.lang = v;
	}
	i18n_init(g.lang);
	if (i >= argc) {
		usage(stderr);
		return EX_MG_USAGE;
	}
	argc -= i;
	argv += i;
	/*
	 * Batch's workers parse at once, so GMime is set up before them.
	 * filter's parent never parses: its child sets GMime up on first
	 * use, while its rules load on the other thread.
	 */
	if (strcmp(argv[0], "filter") != 0)
		mail_init();
	if (!strcmp(argv[0], "explain"))
		return cmd_explain(argc, argv, &g);
	if (!strcmp(argv[0], "filter"))
		return cmd_filter(argc, argv, &g);
	if (!strcmp(argv[0], "batch"))
		return cmd_batch(argc, argv, &g);
	if (!strcmp(argv[0], "rules"))
		return cmd_rules(argc, argv, &g);
	msg_error(_("unknown command \"%s\""), argv[0]);
	usage(stderr);
	return EX_MG_USAGE;
}
