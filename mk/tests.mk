# tests: unit tests (cmocka; each tests/unit/test_X.c is a program linked
# with the core library, by the default LDADD), command, simulator and
# screen tests (sh), the fixture builder, and the libFuzzer targets.

# The zip fixture builder, also a library for the unit tests that need
# zips (compiled with -DMKZIP_LIBRARY into them).
check_PROGRAMS += tests/mkzip
tests_mkzip_SOURCES = tests/mkzip.c
tests_mkzip_LDADD = $(ZIP_LIBS) -lz
MKZIP_CPPFLAGS = $(AM_CPPFLAGS) -DMKZIP_LIBRARY

UNIT_TESTS = tests/unit/test_text tests/unit/test_secure \
	tests/unit/test_audit tests/unit/test_csv tests/unit/test_table \
	tests/unit/test_filter tests/unit/test_view tests/unit/test_sift \
	tests/unit/test_job tests/unit/test_page tests/unit/test_http \
	tests/unit/test_portal tests/unit/test_settings tests/unit/test_diff \
	tests/unit/test_sheet tests/unit/test_dict
# ... and those that build zips with tests/mkzip.c:
tests_unit_test_archive_SOURCES = tests/unit/test_archive.c tests/mkzip.c
tests_unit_test_archive_CPPFLAGS = $(MKZIP_CPPFLAGS) -DSEVENZ='"$(SEVENZ)"'
tests_unit_test_load_SOURCES = tests/unit/test_load.c tests/mkzip.c
tests_unit_test_load_CPPFLAGS = $(MKZIP_CPPFLAGS)
tests_unit_test_export_SOURCES = tests/unit/test_export.c tests/mkzip.c
tests_unit_test_export_CPPFLAGS = $(MKZIP_CPPFLAGS) -DSEVENZ='"$(SEVENZ)"'
tests_unit_test_download_SOURCES = tests/unit/test_download.c tests/mkzip.c
tests_unit_test_download_CPPFLAGS = $(MKZIP_CPPFLAGS)
UNIT_TESTS += tests/unit/test_archive tests/unit/test_load \
	tests/unit/test_export tests/unit/test_download
# ... and those of the simulator's generator and delivery writer.
tests_sim_test_delivery_LDADD = $(SIM_LIBS) $(LDADD)
UNIT_TESTS += tests/sim/test_gen tests/sim/test_delivery \
	tests/sim/test_revise
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

SCRIPT_TESTS = tests/lint.sh tests/cmd/man.sh tests/cmd/i18n.sh \
	tests/cmd/info.sh tests/cmd/query.sh tests/cmd/spectrum.sh \
	tests/cmd/hostile.sh tests/cmd/purge.sh tests/cmd/diff.sh \
	tests/cmd/sheet.sh \
	tests/sim/portal.sh tests/sim/account.sh tests/sim/faults.sh \
	tests/sim/https.sh tests/sim/cli.sh tests/sim/training.sh \
	tests/sim/archive.sh tests/sim/listelec.sh tests/sim/fetch.sh \
	tests/sim/hostile.sh \
	tests/screen/prompt.sh tests/screen/table.sh tests/screen/archive.sh \
	tests/screen/terminal.sh tests/screen/filter.sh tests/screen/list.sh \
	tests/screen/wizard.sh tests/screen/purge.sh tests/screen/progress.sh \
	tests/screen/diff.sh tests/screen/sheet.sh
TESTS += $(SCRIPT_TESTS)
EXTRA_DIST += tests/lsan.supp
EXTRA_DIST += $(SCRIPT_TESTS) tests/cmd/lib.sh tests/sim/lib.sh \
	tests/screen/lib.sh

# libFuzzer targets: configure --enable-fuzzing CC=clang (.ci/run runs
# them).  The module under test is compiled again into its target so
# libFuzzer sees its coverage.
FUZZ_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
FUZZ_LINKFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
EXTRA_DIST += tests/fuzz/seed tests/fuzz/fuzz_archive.c tests/fuzz/fuzz_csv.c \
	tests/fuzz/fuzz_filter.c tests/fuzz/fuzz_page.c
if FUZZING
check_PROGRAMS += tests/fuzz/fuzz_archive tests/fuzz/fuzz_csv \
	tests/fuzz/fuzz_filter tests/fuzz/fuzz_page
tests_fuzz_fuzz_archive_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_archive_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_archive_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_csv_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_csv_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_csv_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_filter_SOURCES = tests/fuzz/fuzz_filter.c src/filter.c \
	src/acm.c src/text.c
tests_fuzz_fuzz_filter_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_filter_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_filter_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_page_SOURCES = tests/fuzz/fuzz_page.c src/page.c src/text.c
tests_fuzz_fuzz_page_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_page_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_page_LDADD = $(CORE_LIBS)

# make fuzz [FUZZ_TIME=seconds]: each target in turn, its corpus kept in
# fuzz-corpus/NAME (seeded by tests/fuzz/seed from the tests' fixtures);
# a crash leaves its input in the build folder.
FUZZ_TIME = 60
FUZZ_TARGETS = fuzz_archive fuzz_csv fuzz_filter fuzz_page
fuzz: $(FUZZ_TARGETS:%=tests/fuzz/%) tests/mkzip bench/listelec-gen
	@sh $(srcdir)/tests/fuzz/seed .
	@for f in $(FUZZ_TARGETS); do \
		len=4096; [ $$f = fuzz_csv ] && len=65536; \
		[ $$f = fuzz_archive ] && len=131072; \
		echo "$$f: $(FUZZ_TIME) s"; \
		./tests/fuzz/$$f -max_total_time=$(FUZZ_TIME) -max_len=$$len \
		    -rss_limit_mb=2048 fuzz-corpus/$$f > fuzz-$$f.log 2>&1 || \
		    { tail -n 30 fuzz-$$f.log; exit 1; }; \
		tail -n 1 fuzz-$$f.log; \
	done
else
fuzz:
	@echo "configure --enable-fuzzing CC=clang first" >&2; exit 1
endif
.PHONY: fuzz
