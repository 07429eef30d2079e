# ui: the ncurses screens (src/ui/, the only place curses is included):
# `listelec open`, the wizard, and the widgets they share
noinst_LIBRARIES += src/libui.a
src_libui_a_SOURCES = src/ui/ui-int.h src/ui/ui.c src/ui/ui-end.c \
	src/ui/ui-list.c src/ui/ui-form.c \
	src/ui/ui-table.c src/ui/ui-record.c src/ui/ui-freq.c \
	src/ui/ui-export.c src/ui/ui-chooser.c \
	src/ui/cmd-open.c src/ui/cmd-wizard.c
UI_LIBS = src/libui.a
