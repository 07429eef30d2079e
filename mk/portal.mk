# portal client: transport (libcurl), the portal's walk, the one-time
# download, and `listelec fetch`
src_liblistelec_a_SOURCES += src/http.c
noinst_HEADERS += include/listelec/http.h
