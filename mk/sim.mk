# sim: the simulated portal (libmicrohttpd) in `listelec training` and
# `listelec-sim`, and the generator of fictitious deliveries for bench/
noinst_LIBRARIES += src/libsim.a
src_libsim_a_SOURCES = src/sim/sim-int.h src/sim/sim.c src/sim/sim-state.c \
	src/sim/sim-pages.c src/sim/sim-download.c src/sim/cmd-training.c \
	src/sim/delivery.c src/sim/zipw.c src/sim/zipw.h src/sim/pdf.c \
	src/sim/pdf.h
SIM_LIBS = src/libsim.a -lz

bin_PROGRAMS += src/listelec-sim
src_listelec_sim_SOURCES = src/sim/main.c
src_listelec_sim_LDADD = $(SIM_LIBS) $(CORE_LIBS) $(MHD_LIBS)

noinst_PROGRAMS += bench/listelec-gen
bench_listelec_gen_SOURCES = bench/gen.c
bench_listelec_gen_LDADD = $(SIM_LIBS) $(CORE_LIBS) $(MHD_LIBS)
EXTRA_DIST += bench/run bench/fetch bench/peers bench/sheet bench/README

# The table screen's work timed without curses (bench/run).
noinst_PROGRAMS += bench/listelec-keys
bench_listelec_keys_SOURCES = bench/keys.c
bench_listelec_keys_LDADD = $(CORE_LIBS)
