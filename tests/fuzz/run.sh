#!/bin/sh
# run.sh - build the libFuzzer targets with clang and run each for a
# bounded time (FUZZ_SECONDS, default 60), seeding from samples/ and the
# kept corpora in tests/fuzz/corpus-<target>/.  New interesting inputs are
# merged back into those corpora (minimised).
set -eu
: "${SRCDIR:=$(pwd)}"
cd "$SRCDIR"
secs=${FUZZ_SECONDS:-60}
B=build-fuzz
CC=${FUZZ_CC:-clang}
mkdir -p $B
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -std=gnu11 -D_GNU_SOURCE
	-DPCRE2_CODE_UNIT_WIDTH=8 -DPACKAGE=\"mailgloss\" -DVERSION=\"fuzz\" -DLOCALEDIR=\"/nonexistent\"
	-DEXPLDIR=\"$SRCDIR/explanations\" -DSYSCONFDIR=\"/etc\" -Isrc $(pkg-config --cflags gmime-3.0 libpcre2-8)"
libs="$(pkg-config --libs gmime-3.0 libpcre2-8)"
srcs=$(ls src/*.c src/*/*.c | grep -v '^src/main.c$')
for target in explain rules mbox; do
	echo "== fuzz_$target: building"
	# shellcheck disable=SC2086
	$CC $flags -o $B/fuzz_$target tests/fuzz/fuzz_$target.c $srcs $libs
	corpus=tests/fuzz/corpus-$target
	mkdir -p "$corpus" $B/new-$target
	seeds=""
	case $target in
		explain|mbox) seeds="samples tests/data/mail" ;;
		rules) seeds="explanations" ;;
	esac
	seedfiles=$B/seeds-$target
	rm -rf "$seedfiles"; mkdir -p "$seedfiles"
	# shellcheck disable=SC2086
	find $seeds -type f -size -200k | while read -r f; do cp "$f" "$seedfiles/$(echo "$f" | tr / _)"; done
	echo "== fuzz_$target: running ${secs}s"
	ASAN_OPTIONS=detect_leaks=0 MAILGLOSS_EXPLANATIONS="$SRCDIR/explanations" \
		$B/fuzz_$target -max_total_time="$secs" -max_len=262144 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 $B/new-$target "$corpus" "$seedfiles" 2>&1 | tail -15
	ASAN_OPTIONS=detect_leaks=0 MAILGLOSS_EXPLANATIONS="$SRCDIR/explanations" \
		$B/fuzz_$target -merge=1 "$corpus" $B/new-$target > /dev/null 2>&1 || true
done
