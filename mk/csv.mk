# csv area: the CSV reader, the table in memory, loading a file or a zip
src_liblistelec_a_SOURCES += src/csv.c src/table.c

check_PROGRAMS += tests/unit/test_csv tests/unit/test_table
TESTS += tests/unit/test_csv tests/unit/test_table
tests_unit_test_csv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_csv_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_table_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_table_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
