# docs: the man pages (English, French) and their checks
dist_man_MANS += man/listelec.1 man/listelec-sim.1
frman1dir = $(mandir)/fr/man1
dist_frman1_DATA = man/fr/listelec.1 man/fr/listelec-sim.1

TESTS += tests/lint.sh tests/cmd/man.sh tests/cmd/i18n.sh
EXTRA_DIST += tests/lint.sh tests/cmd/man.sh tests/cmd/i18n.sh po/merge
