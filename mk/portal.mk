# portal client: transport (libcurl), the portal's walk, the one-time
# download, and `listelec fetch`
src_liblistelec_a_SOURCES += src/http.c src/portal.c src/download.c src/cmd-fetch.c
noinst_HEADERS += include/listelec/http.h include/listelec/portal.h \
	include/listelec/download.h

TESTS += tests/sim/fetch.sh
EXTRA_DIST += tests/sim/fetch.sh
