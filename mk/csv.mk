# csv area: the CSV reader, the table in memory, loading a file or a zip
src_liblistelec_a_SOURCES += src/csv.c src/table.c

check_PROGRAMS += tests/unit/test_csv tests/unit/test_table
TESTS += tests/unit/test_csv tests/unit/test_table
tests_unit_test_csv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_csv_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_table_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_table_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

src_liblistelec_a_SOURCES += src/load.c
check_PROGRAMS += tests/unit/test_load
TESTS += tests/unit/test_load
tests_unit_test_load_SOURCES = tests/unit/test_load.c tests/mkzip.c
tests_unit_test_load_CPPFLAGS = $(AM_CPPFLAGS) -DMKZIP_LIBRARY
tests_unit_test_load_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_load_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS) -lz

# libFuzzer target: configure --enable-fuzzing CC=clang; run by hand.
EXTRA_DIST += tests/fuzz/fuzz_csv.c
if FUZZING
check_PROGRAMS += tests/fuzz/fuzz_csv
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_csv.c
tests_fuzz_fuzz_csv_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_csv_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_csv_LDADD = $(CORE_LIBS)
endif
