# core: the program, the command line, secrets, audit, messages
bin_PROGRAMS += src/listelec
src_listelec_SOURCES = src/main.c
src_listelec_LDADD = $(UI_LIBS) $(SIM_LIBS) $(CORE_LIBS) $(NCURSES_LIBS) $(MHD_LIBS)

src_liblistelec_a_SOURCES += src/xmalloc.c src/i18n.c src/secure.c src/audit.c src/msg.c \
	src/cmd-info.c src/cmd-query.c src/cmd-common.c src/cmd-audit.c

noinst_HEADERS += include/listelec/xmalloc.h include/listelec/i18n.h \
	include/listelec/text.h include/listelec/table.h include/listelec/csv.h \
	include/listelec/archive.h include/listelec/filter.h \
	include/listelec/export.h include/listelec/secure.h \
	include/listelec/audit.h include/listelec/load.h include/listelec/gen.h \
	include/listelec/cmd.h include/listelec/ui.h include/listelec/sim.h

check_PROGRAMS += tests/unit/test_secure tests/unit/test_audit
TESTS += tests/unit/test_secure tests/unit/test_audit
tests_unit_test_secure_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_secure_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_audit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_audit_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

TESTS += tests/cmd/info.sh tests/cmd/query.sh tests/screen/prompt.sh \
	tests/cmd/spectrum.sh
EXTRA_DIST += tests/cmd/lib.sh tests/cmd/info.sh tests/cmd/query.sh \
	tests/screen/prompt.sh tests/cmd/spectrum.sh
