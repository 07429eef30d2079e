# portal client: transport (libcurl), the portal's walk, the one-time
# download, and `listelec fetch`
src_liblistelec_a_SOURCES += src/http.c src/portal.c src/download.c src/cmd-fetch.c src/settings.c
noinst_HEADERS += include/listelec/http.h include/listelec/portal.h \
	include/listelec/download.h include/listelec/settings.h

TESTS += tests/sim/fetch.sh
EXTRA_DIST += tests/sim/fetch.sh

# the wizard: its screens are in the ui library
src_libui_a_SOURCES += src/ui/ui-form.c src/ui/cmd-wizard.c
noinst_HEADERS += include/listelec/wizard.h
TESTS += tests/screen/wizard.sh
EXTRA_DIST += tests/screen/wizard.sh
