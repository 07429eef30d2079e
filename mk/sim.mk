# sim area (issue 4): generator, simulator, `listelec training`
noinst_LIBRARIES += src/libsim.a
src_libsim_a_SOURCES = src/sim/cmd-training.c
SIM_LIBS = src/libsim.a
