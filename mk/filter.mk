# filter area: text folding and the terminal sanitizer, the filter language,
# the exporters; their unit tests and the filter fuzz target
src_liblistelec_a_SOURCES += src/text.c

check_PROGRAMS += tests/unit/test_text
TESTS += tests/unit/test_text
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_text_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

src_liblistelec_a_SOURCES += src/filter.c
check_PROGRAMS += tests/unit/test_filter
TESTS += tests/unit/test_filter
tests_unit_test_filter_SOURCES = tests/unit/test_filter.c
tests_unit_test_filter_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_filter_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

src_liblistelec_a_SOURCES += src/export.c
check_PROGRAMS += tests/unit/test_export
TESTS += tests/unit/test_export
tests_unit_test_export_SOURCES = tests/unit/test_export.c tests/mkzip.c
tests_unit_test_export_CPPFLAGS = $(AM_CPPFLAGS) -DMKZIP_LIBRARY
tests_unit_test_export_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_export_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS) -lz

# libFuzzer target: configure --enable-fuzzing CC=clang; run by hand.
EXTRA_DIST += tests/fuzz/fuzz_filter.c
if FUZZING
check_PROGRAMS += tests/fuzz/fuzz_filter
# filter.c and text.c compiled again here so libFuzzer sees their coverage
tests_fuzz_fuzz_filter_SOURCES = tests/fuzz/fuzz_filter.c src/filter.c \
	src/text.c
tests_fuzz_fuzz_filter_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_filter_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_filter_LDADD = $(CORE_LIBS)
endif
