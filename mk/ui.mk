# ui area (issue 3): the ncurses screens, `listelec open`, screen tests
noinst_LIBRARIES += src/libui.a
src_libui_a_SOURCES = src/ui/cmd-open.c
UI_LIBS = src/libui.a
