# archive area: zip archives through libzip (src/archive.c), the fixture
# builder tests/mkzip (also used by the command tests), unit tests, fuzzing.
src_liblistelec_a_SOURCES += src/archive.c

check_PROGRAMS += tests/mkzip
tests_mkzip_SOURCES = tests/mkzip.c
tests_mkzip_CFLAGS = $(AM_CFLAGS)
tests_mkzip_LDADD = $(ZIP_LIBS) -lz

check_PROGRAMS += tests/unit/test_archive
TESTS += tests/unit/test_archive
tests_unit_test_archive_SOURCES = tests/unit/test_archive.c tests/mkzip.c
tests_unit_test_archive_CPPFLAGS = $(AM_CPPFLAGS) -DMKZIP_LIBRARY \
	-DSEVENZ='"$(SEVENZ)"'
tests_unit_test_archive_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_archive_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS) -lz

# libFuzzer target: configure --enable-fuzzing CC=clang; run by hand.
EXTRA_DIST += tests/fuzz/fuzz_archive.c
if FUZZING
check_PROGRAMS += tests/fuzz/fuzz_archive
tests_fuzz_fuzz_archive_SOURCES = tests/fuzz/fuzz_archive.c
tests_fuzz_fuzz_archive_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_archive_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_archive_LDADD = $(CORE_LIBS)
endif
