/*
 * zipw — a small streaming zip writer for the simulator's archives, private
 * to src/sim/.  It writes into a seekable file descriptor at a base offset
 * (so a zip can be written inside another zip's stored entry), names are
 * written as given (CP850 bytes, no UTF-8 flag), entries are stored or
 * deflated, and encrypted with traditional PKWARE (ZipCrypto, the check
 * byte is the CRC's high byte) or WinZip AES-256 (AE-1, with the CRC).
 * Encryption is applied in place once an entry's data is written.
 */
#ifndef LISTELEC_SIM_ZIPW_H
#define LISTELEC_SIM_ZIPW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct zipw;

enum zipw_enc {
	ZIPW_PLAIN,
	ZIPW_ZIPCRYPTO,
	ZIPW_AES256,
};

/* A writer at absolute offset base of fd; seed drives salts and headers. */
struct zipw	*zipw_new(int fd, off_t base, uint64_t seed);
/* A folder entry (name ends with '/'). */
int		 zipw_dir(struct zipw *, const char *name);
/* Start an entry: deflate (1) or store (0), encryption and password. */
int		 zipw_begin(struct zipw *, const char *name, int deflate,
		     enum zipw_enc, const char *password);
int		 zipw_write(struct zipw *, const void *, size_t);
int		 zipw_end(struct zipw *);
/* For a stored plain entry: the absolute offset where its data starts,
   and a way to end it once len bytes were written there by another
   writer (its CRC is read back). */
off_t		 zipw_data_offset(const struct zipw *);
int		 zipw_end_external(struct zipw *, off_t len);
/* Write the central directory; *end is the absolute end offset.  Frees. */
int		 zipw_close(struct zipw *, off_t *end);
void		 zipw_free(struct zipw *);
/* The last error (errno), 0 if none. */
int		 zipw_errno(const struct zipw *);

/* UTF-8 to CP850 (for entry names); caller frees. */
char		*zipw_cp850(const char *);

#endif
