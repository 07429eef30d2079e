# ui area (issue 3): the ncurses screens, `listelec open`, screen tests
noinst_LIBRARIES += src/libui.a
src_libui_a_SOURCES = src/ui/cmd-open.c src/ui/ui.c src/ui/ui-end.c \
	src/ui/ui-table.c src/ui/ui-record.c src/ui/ui-freq.c \
	src/ui/ui-export.c src/ui/ui-chooser.c src/ui/ui-list.c \
	src/ui/ui-int.h
UI_LIBS = src/libui.a

# The table screen's model (no curses): in the core library, unit-tested.
src_liblistelec_a_SOURCES += src/view.c src/sift.c src/job.c
noinst_HEADERS += include/listelec/view.h include/listelec/sift.h \
	include/listelec/job.h

check_PROGRAMS += tests/unit/test_view
TESTS += tests/unit/test_view
tests_unit_test_view_SOURCES = tests/unit/test_view.c
tests_unit_test_view_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_view_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_job
TESTS += tests/unit/test_job
tests_unit_test_job_SOURCES = tests/unit/test_job.c
tests_unit_test_job_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_job_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_sift
TESTS += tests/unit/test_sift
tests_unit_test_sift_SOURCES = tests/unit/test_sift.c
tests_unit_test_sift_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_sift_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# Screen tests in tmux (tests/screen/lib.sh is shared).
TESTS += tests/screen/table.sh tests/screen/archive.sh \
	tests/screen/terminal.sh tests/screen/filter.sh tests/screen/list.sh
EXTRA_DIST += tests/screen/lib.sh tests/screen/table.sh \
	tests/screen/archive.sh tests/screen/terminal.sh \
	tests/screen/filter.sh tests/screen/list.sh
