/*
 * fuzz_archive — libFuzzer target: open bytes as a zip (archive_open_buffer
 * with small limits), list the tree, expand with a fixed password and read
 * the first entries.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "listelec/archive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Count bytes, to use the data. */
static int
sink(void *arg, const void *buf, size_t len)
{
	(void)buf;
	*(size_t *)arg += len;
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct archive_limits	 lim = { 64 << 20, 16 << 20, 0, 0, 2000 };
	struct archive		*a = NULL;
	const struct archive_entry *e;
	char			*cause = NULL;
	size_t			 i, n, got = 0;

	if (archive_open_buffer(data, size, "fuzz.zip", &lim, &a, &cause) !=
	    ARCHIVE_OK) {
		free(cause);
		return (0);
	}
	archive_check_password(a, "exercice-2026", &cause);
	free(cause);
	cause = NULL;
	archive_expand(a, "exercice-2026", &cause);
	free(cause);
	n = archive_count(a);
	for (i = 0; i < n && i < 8; i++) {
		e = archive_entry(a, i);
		(void)archive_find(a, e->path);
		cause = NULL;
		archive_stream(a, i, "exercice-2026", sink, &got, &cause);
		free(cause);
	}
	archive_free(a);
	return (0);
}
