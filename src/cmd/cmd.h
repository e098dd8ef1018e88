/*
 * cmd.h - the subcommands.  main.c parses global options and calls one.
 */
#ifndef MAILGLOSS_CMD_H
#define MAILGLOSS_CMD_H

struct global_opts {
	const char *lang;	/* --lang, or NULL */
	const char *config;	/* --config, or NULL for the default */
	const char *rules_dir;	/* --rules-dir: site rules, or NULL */
};

int cmd_explain(int argc, char **argv, const struct global_opts *g);
int cmd_filter(int argc, char **argv, const struct global_opts *g);
int cmd_batch(int argc, char **argv, const struct global_opts *g);
int cmd_rules(int argc, char **argv, const struct global_opts *g);

#endif
