/*
 * report_unattended_upgrades.c - result mails of unattended-upgrades.
 *
 * Subject "[reboot required] unattended-upgrades result for HOST:
 * SUCCESS".  Body: "Unattended upgrade result: ...", an optional reboot
 * warning, lists ("Packages that were upgraded:" with one indented line of
 * names), "Package installation log:" with dpkg's output and
 * "Unattended-upgrades log:" with its own log lines ("2025-10-20
 * 06:25:01,123 INFO ...").  The list titles are translated (Japanese:
 * "アップグレードされたパッケージ:").  One section; lines sit under
 * their list title.
 */
#include "report/kinds.h"

#define UU_STRONG \
	"^(Unattended upgrade result: |Unattended-upgrades (log|ログ):|" \
	"Packages that (were upgraded|attempted to upgrade|were auto-removed|were kept from being auto-removed):|" \
	"Packages with upgradable origin but kept back:|Package installation log:?|" \
	"アップグレードされたパッケージ:|アップグレードしようとしたパッケージ:|パッケージのインストールログ|" \
	"導入元からアップグレード可能ですが|" \
	"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ (INFO|WARNING|ERROR|DEBUG) )"
#define UU_PART \
	"^(Unattended-upgrades (log|ログ):|Packages that .*:|Packages with upgradable origin but kept back:|" \
	"Package installation log:?|アップグレード.*パッケージ:|パッケージのインストールログ:?|" \
	"導入元からアップグレード可能ですが.*:)\\s*$"
#define UU_SUBJECT	"unattended-upgrades result for .*: (SUCCESS|FAILURE)|unattended-upgrades の結果"

/* uu_detect - the result line, list titles, log lines or the subject */
static int
uu_detect(const struct report *r, int first, int last)
{
	int strong = report_count_matches(r, first, last, 3000, UU_STRONG);

	if (report_subject_matches(r, first, UU_SUBJECT))
		return 92;
	if (strong >= 2)
		return 88;
	return strong > 0 ? 45 : 0;
}

/* uu_parse - one section; list and log lines under their title */
static void
uu_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_lists(r, "unattended-upgrades", hint ? hint : "unattended-upgrades", first, last,
			   NULL, NULL, UU_PART);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const uu_patterns[] = {
	UU_STRONG, UU_PART, UU_SUBJECT,
	NULL,
};

const struct report_kind report_kind_unattended_upgrades = {
	.id = "unattended-upgrades",
	.name = "unattended-upgrades",
	.detect = uu_detect,
	.parse = uu_parse,
	.patterns = uu_patterns,
};
