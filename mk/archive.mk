# archive area: zip archives through libzip (src/archive.c)
src_liblistelec_a_SOURCES += src/archive.c
