# core: the library every program links (no curses), its headers, and the
# `listelec` program.  One line per module group.
src_liblistelec_a_SOURCES += \
	src/xmalloc.c src/i18n.c src/secure.c src/audit.c src/msg.c \
	src/settings.c src/text.c \
	src/archive.c src/csv.c src/table.c src/load.c \
	src/filter.c src/acm.c src/export.c src/view.c src/sift.c src/job.c \
	src/page.c src/http.c src/portal.c src/download.c \
	src/gen.c src/revise.c src/diff.c src/sheet.c src/sheet-text.c \
	src/cmd-common.c src/cmd-info.c src/cmd-query.c src/cmd-audit.c \
	src/cmd-fetch.c src/cmd-purge.c src/cmd-diff.c

noinst_HEADERS += \
	include/listelec/xmalloc.h include/listelec/i18n.h \
	include/listelec/secure.h include/listelec/audit.h \
	include/listelec/settings.h include/listelec/text.h \
	include/listelec/archive.h include/listelec/csv.h \
	include/listelec/table.h include/listelec/load.h \
	include/listelec/filter.h include/listelec/acm.h include/listelec/export.h \
	include/listelec/view.h include/listelec/sift.h include/listelec/job.h \
	include/listelec/page.h include/listelec/http.h \
	include/listelec/portal.h include/listelec/download.h \
	include/listelec/gen.h include/listelec/revise.h \
	include/listelec/delivery.h include/listelec/diff.h \
	include/listelec/cmd.h include/listelec/ui.h include/listelec/sim.h \
	include/listelec/wizard.h include/listelec/sheet.h

bin_PROGRAMS += src/listelec
src_listelec_SOURCES = src/main.c
src_listelec_LDADD = $(UI_LIBS) $(SIM_LIBS) $(SHEET_LIBS) $(CORE_LIBS) \
	$(NCURSES_LIBS) $(MHD_LIBS) $(PANGO_LIBS)

# walk sheets: the command and its PDF writer (cairo + pango), apart from
# the core library so that only the program links cairo.
noinst_LIBRARIES += src/libsheet.a
src_libsheet_a_SOURCES = src/cmd-sheet.c src/sheet-pdf.c src/sheet-file.c
src_libsheet_a_CPPFLAGS = $(AM_CPPFLAGS) $(PANGO_CFLAGS)
SHEET_LIBS = src/libsheet.a
