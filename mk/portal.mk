# portal client: transport (libcurl), the portal's walk, the one-time
# download, and `listelec fetch`
src_liblistelec_a_SOURCES += src/http.c src/portal.c src/download.c src/cmd-fetch.c src/settings.c
noinst_HEADERS += include/listelec/http.h include/listelec/portal.h \
	include/listelec/download.h include/listelec/settings.h

TESTS += tests/sim/fetch.sh
EXTRA_DIST += tests/sim/fetch.sh

# unit tests of the curses-free modules (no network: loopback only)
check_PROGRAMS += tests/unit/test_http
TESTS += tests/unit/test_http
tests_unit_test_http_SOURCES = tests/unit/test_http.c
tests_unit_test_http_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_http_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_portal
TESTS += tests/unit/test_portal
tests_unit_test_portal_SOURCES = tests/unit/test_portal.c
tests_unit_test_portal_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_portal_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# test_download builds its zips with tests/mkzip.c (see mk/archive.mk)
check_PROGRAMS += tests/unit/test_download
TESTS += tests/unit/test_download
tests_unit_test_download_SOURCES = tests/unit/test_download.c tests/mkzip.c
tests_unit_test_download_CPPFLAGS = $(AM_CPPFLAGS) -DMKZIP_LIBRARY
tests_unit_test_download_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_download_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS) -lz

# the wizard: its screens are in the ui library
src_libui_a_SOURCES += src/ui/ui-form.c src/ui/cmd-wizard.c
noinst_HEADERS += include/listelec/wizard.h
TESTS += tests/screen/wizard.sh
EXTRA_DIST += tests/screen/wizard.sh
