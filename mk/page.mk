# page area: the HTML page reader of the portal client (libxml2); its unit
# test and fuzz target
src_liblistelec_a_SOURCES += src/page.c
noinst_HEADERS += include/listelec/page.h

check_PROGRAMS += tests/unit/test_page
TESTS += tests/unit/test_page
tests_unit_test_page_SOURCES = tests/unit/test_page.c
tests_unit_test_page_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_page_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# libFuzzer target: configure --enable-fuzzing CC=clang; run by hand.
EXTRA_DIST += tests/fuzz/fuzz_page.c
if FUZZING
check_PROGRAMS += tests/fuzz/fuzz_page
# page.c and text.c compiled again here so libFuzzer sees their coverage
tests_fuzz_fuzz_page_SOURCES = tests/fuzz/fuzz_page.c src/page.c src/text.c
tests_fuzz_fuzz_page_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_page_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_page_LDADD = $(CORE_LIBS)
endif
