# docs: the man pages (English, French) and the translation merge script
dist_man_MANS += man/listelec.1 man/listelec-sim.1
frman1dir = $(mandir)/fr/man1
dist_frman1_DATA = man/fr/listelec.1 man/fr/listelec-sim.1
EXTRA_DIST += po/merge
