# mailgloss - one non-recursive Makefile.
#
#   make            build build/mailgloss and the message catalogues
#   make check      every quick test (unit, golden, rules, po, e2e as root, sanitizers)
#   make install    PREFIX=/usr/local DESTDIR= honoured
#   make bench      performance figures (not part of check)

PACKAGE   = mailgloss
VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share
MANDIR    = $(DATADIR)/man
LOCALEDIR = $(DATADIR)/locale
SYSCONFDIR ?= /etc

CC       ?= cc
PKGS      = gmime-3.0 libpcre2-8
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
OPTFLAGS ?= -O2 -g
WARN      = -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wmissing-prototypes -Wshadow
CPPFLAGS += -Isrc -DPACKAGE='"$(PACKAGE)"' -DVERSION='"$(VERSION)"' \
            -DLOCALEDIR='"$(LOCALEDIR)"' -DEXPLDIR='"$(DATADIR)/$(PACKAGE)/explanations"' \
            -DSYSCONFDIR='"$(SYSCONFDIR)"' -DPATTERN_CACHE='"$(DATADIR)/$(PACKAGE)/patterns.cache"' \
            -DPCRE2_CODE_UNIT_WIDTH=8 -D_GNU_SOURCE
CFLAGS   += -std=gnu11 $(OPTFLAGS) $(WARN) $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS)

B         = build
SRCS      = $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRCS  = $(filter-out src/main.c,$(SRCS))
OBJS      = $(SRCS:%.c=$(B)/obj/%.o)
LIB_OBJS  = $(LIB_SRCS:%.c=$(B)/obj/%.o)
TEST_SRCS = $(sort $(wildcard tests/unit/test_*.c))
TESTS     = $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
RULES     = $(sort $(wildcard explanations/*/*.rules))
LINGUAS   = $(shell cat po/LINGUAS 2>/dev/null)
MOS       = $(LINGUAS:%=$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo)
MANS      = $(wildcard doc/*.1 doc/*.5)

all: $(B)/$(PACKAGE) $(MOS) $(B)/patterns.cache

# Every catalogue pattern compiled ahead, so that filter need not compile
# them at start-up (pattern_cache.c); rebuilt with the program or the rules.
$(B)/patterns.cache: $(B)/$(PACKAGE) $(RULES)
	MAILGLOSS_EXPLANATIONS=$(CURDIR)/explanations MAILGLOSS_CONFIG=/dev/null $(B)/$(PACKAGE) rules cache $@

$(B)/$(PACKAGE): $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

# The install paths are compiled in: rebuild when PREFIX or SYSCONFDIR change
# (so "make install PREFIX=/usr" after a plain "make" does the right thing).
PATHS_SEEN = PREFIX=$(PREFIX) DATADIR=$(DATADIR) LOCALEDIR=$(LOCALEDIR) SYSCONFDIR=$(SYSCONFDIR)
$(B)/paths.stamp: FORCE
	@mkdir -p $(B); echo '$(PATHS_SEEN)' | cmp -s - $@ || echo '$(PATHS_SEEN)' > $@
FORCE:

$(B)/obj/%.o: %.c $(B)/paths.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

-include $(OBJS:.o=.d)

# --- translations -----------------------------------------------------------
# C strings come from xgettext; rule texts from "mailgloss rules pot", which
# uses the program's own rule parser so extraction and loading never disagree.
pot: po/$(PACKAGE).pot
po/$(PACKAGE).pot: $(B)/$(PACKAGE) $(SRCS) $(RULES)
	xgettext --from-code=UTF-8 -L C -k_ -kN_ --add-comments=TRANSLATORS: \
	  --package-name=$(PACKAGE) --package-version=$(VERSION) \
	  --msgid-bugs-address=root@localhost -o $(B)/c.pot $(SRCS)
	sed -i 's/charset=CHARSET/charset=UTF-8/' $(B)/c.pot
	MAILGLOSS_EXPLANATIONS=$(CURDIR)/explanations $(B)/$(PACKAGE) rules pot | sed 's|$(CURDIR)/||' > $(B)/rules.pot
	msgcat --use-first -o $@ $(B)/c.pot $(B)/rules.pot

# Fold translation fragments (po/parts/*.po, written while rules are being
# authored) into po/ja.po, then keep only what the template still has.
merge-po-parts: po/$(PACKAGE).pot
	msgcat --use-first -o $(B)/ja.new po/ja.po $(wildcard po/parts/*.po)
	msgmerge --quiet --no-fuzzy-matching -o $(B)/ja.merged $(B)/ja.new po/$(PACKAGE).pot
	msgattrib --no-obsolete --no-fuzzy -o po/ja.po $(B)/ja.merged
	msgfmt --statistics -o /dev/null po/ja.po

update-po: po/$(PACKAGE).pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none po/$$l.po $<; done

# --- tests ------------------------------------------------------------------
TEST_ENV = MAILGLOSS_EXPLANATIONS=$(CURDIR)/explanations MAILGLOSS_LOCALEDIR=$(CURDIR)/$(B)/locale \
           MAILGLOSS_CONFIG=/dev/null MAILGLOSS=$(CURDIR)/$(B)/$(PACKAGE) SRCDIR=$(CURDIR)

CHECK_SCRIPTS = $(sort $(wildcard tests/check-*.sh))
ASAN_SCRIPTS  = tests/check-golden.sh tests/check-badinput.sh tests/check-filter.sh tests/check-forgery.sh \
                tests/check-threads.sh

check: all $(TESTS)
	@$(TEST_ENV) sh tests/run-all.sh $(TESTS) -- $(CHECK_SCRIPTS)
	@if [ "$(SKIP_ASAN)" != 1 ]; then echo "== sanitizer build (ASan + UBSan)"; \
	  $(MAKE) --no-print-directory B=build-asan OPTFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined" check-asan; fi
	@if [ "$(SKIP_TSAN)" != 1 ]; then echo "== thread sanitizer build (batch's workers, filter's two threads)"; \
	  $(MAKE) --no-print-directory B=build-tsan OPTFLAGS="-O1 -g -fsanitize=thread" \
	    LDFLAGS="-fsanitize=thread" check-tsan; fi

# The sanitizer pass reruns the unit tests and the golden and bad-input
# tests on an instrumented build; any report fails it.
check-asan: all $(TESTS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(TEST_ENV) sh tests/run-all.sh $(TESTS) -- $(ASAN_SCRIPTS)

# The thread pass runs batch on several threads, and filter's child
# matching on two (test_engine), on a TSan build; any report fails it.
# G_SLICE: GLib's slice magazines are not instrumented.
check-tsan: all $(B)/tests/test_engine
	@if ! $(TEST_ENV) $(B)/$(PACKAGE) --version > /dev/null 2>&1; then \
	  echo "SKIP: ThreadSanitizer binaries cannot run on this machine"; \
	else G_SLICE=always-malloc \
	  TSAN_OPTIONS="halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp" \
	  $(TEST_ENV) sh tests/run-all.sh $(B)/tests/test_engine -- tests/check-threads.sh; fi

golden-update: all
	$(TEST_ENV) UPDATE=1 sh tests/check-golden.sh
	$(TEST_ENV) UPDATE=1 sh tests/check-filter.sh

# valgrind memcheck over the golden inputs (slow: not part of check).
memcheck: all
	$(TEST_ENV) sh tests/memcheck.sh

bench: all
	$(TEST_ENV) sh tests/bench/run.sh

style:
	clang-format -i $(SRCS) $(wildcard src/*.h src/*/*.h)

# --- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/$(PACKAGE)/explanations $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(B)/$(PACKAGE) $(DESTDIR)$(BINDIR)/$(PACKAGE)
	install -m 644 $(B)/patterns.cache $(DESTDIR)$(DATADIR)/$(PACKAGE)/patterns.cache
	for d in explanations/*/; do install -d $(DESTDIR)$(DATADIR)/$(PACKAGE)/$$d; \
	  install -p -m 644 $$d*.rules $(DESTDIR)$(DATADIR)/$(PACKAGE)/$$d; done
	for l in $(LINGUAS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $(B)/locale/$$l/LC_MESSAGES/$(PACKAGE).mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	for m in doc/*.1; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/ || :; done
	for m in doc/*.5; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man5/ || :; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PACKAGE)
	rm -rf $(DESTDIR)$(DATADIR)/$(PACKAGE)
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/$(PACKAGE).mo; done
	rm -f $(DESTDIR)$(MANDIR)/man1/mailgloss.1 $(DESTDIR)$(MANDIR)/man5/mailgloss.*.5 $(DESTDIR)$(MANDIR)/man5/mailgloss.conf.5

clean:
	rm -rf build build-asan build-tsan

.PHONY: FORCE memcheck merge-po-parts all check check-asan check-tsan golden-update bench style install uninstall clean pot update-po

# libFuzzer targets (clang); FUZZ_SECONDS per target, default 60.
fuzz:
	SRCDIR=$(CURDIR) sh tests/fuzz/run.sh
.PHONY: fuzz
