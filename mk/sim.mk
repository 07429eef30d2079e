# sim area (issue 4): generator, simulator, `listelec training`
src_liblistelec_a_SOURCES += src/gen.c

noinst_LIBRARIES += src/libsim.a
src_libsim_a_SOURCES = src/sim/cmd-training.c src/sim/sim.c \
	src/sim/sim-state.c src/sim/sim-pages.c src/sim/sim-download.c \
	src/sim/sim-int.h \
	src/sim/delivery.c src/sim/zipw.c src/sim/zipw.h src/sim/pdf.c \
	src/sim/pdf.h
SIM_LIBS = src/libsim.a -lz
noinst_HEADERS += include/listelec/delivery.h

bin_PROGRAMS += src/listelec-sim
src_listelec_sim_SOURCES = src/sim/main.c
src_listelec_sim_LDADD = $(SIM_LIBS) $(CORE_LIBS) $(MHD_LIBS)

noinst_PROGRAMS += bench/listelec-gen
bench_listelec_gen_SOURCES = bench/gen.c
bench_listelec_gen_LDADD = $(SIM_LIBS) $(CORE_LIBS) $(MHD_LIBS)

check_PROGRAMS += tests/sim/test_gen
TESTS += tests/sim/test_gen
tests_sim_test_gen_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sim_test_gen_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

TESTS += tests/sim/portal.sh tests/sim/account.sh tests/sim/faults.sh \
	tests/sim/https.sh tests/sim/cli.sh tests/sim/training.sh \
	tests/sim/archive.sh tests/sim/listelec.sh
EXTRA_DIST += tests/sim/lib.sh tests/sim/portal.sh tests/sim/account.sh \
	tests/sim/faults.sh tests/sim/https.sh tests/sim/cli.sh \
	tests/sim/training.sh tests/sim/archive.sh tests/sim/listelec.sh

check_PROGRAMS += tests/sim/test_delivery
TESTS += tests/sim/test_delivery
tests_sim_test_delivery_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sim_test_delivery_LDADD = $(SIM_LIBS) $(CORE_LIBS) $(CMOCKA_LIBS)
