/*
 * download — the one-time download on disk, so it is never lost: a private
 * folder (0700; a private subfolder when the folder is writable by
 * others), a private temp file beside the target (0600, O_EXCL, an
 * unpredictable name), the SHA-256 of every byte, a free-space check,
 * fsync of the file and the folder, then a link to the final name that
 * never overwrites (" (2)", " (3)", … before the extension).  A download
 * that cannot be completed is kept under a ".partial" name and named to
 * the caller.  No output.
 */
#ifndef LISTELEC_DOWNLOAD_H
#define LISTELEC_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>

struct download;

/*
 * The folder to save into: dir when not NULL (-o), else $XDG_DOWNLOAD_DIR,
 * else ~/Téléchargements if it exists, else ~/Downloads if it exists, else
 * ~/listelec.  The folder is created (0700) when missing; a folder other
 * users can write to gets a private subfolder "listelec" (0700), and a
 * note in *note (allocated, else NULL) says so.  Returns the folder
 * (allocated) or NULL with *cause.
 */
char	*download_folder(const char *dir, char **note, char **cause);

/*
 * A file name safe to create from what the portal said: the last path
 * component, control characters, "/" and "\" dropped, no leading dot,
 * at most 200 bytes (UTF-8 kept whole, the stem cut so that a short
 * extension stays); fallback when nothing is left.
 */
char	*download_safe_name(const char *raw, const char *fallback);

/* Start a download into folder dir; NULL with *cause. */
struct download	*download_begin(const char *dir, char **cause);
/* Append bytes (the http sink); 0, or -1 with errno (ENOSPC…). */
int		 download_write(void *download, const void *buf, size_t len);
/* Forget what was written (the server sent the whole file again). */
int		 download_restart(struct download *);
/* Bytes written so far. */
int64_t		 download_size(const struct download *);
/* 0 when the folder holds need more bytes (unknown: -1 passes), else -1
   with *cause; the file's own bytes count as free. */
int		 download_check_space(struct download *, int64_t need,
		     char **cause);
/*
 * Verify (the bytes are exactly expect long when expect >= 0; a zip whose
 * central directory reads when zip), fsync, link under name in the folder
 * without overwriting, fsync the folder.  Returns 0 with *path
 * (allocated) and sha256 (hex, 65 bytes), -1 with *cause when the bytes
 * are not what was expected (the temp file stays: call download_keep), or
 * -2 with *cause when the file cannot be saved (disk, folder).
 */
int		 download_finish(struct download *, const char *name,
		     int64_t expect, int zip, char **path, char sha256[65],
		     char **cause);
/*
 * Keep what was written as "name.partial" (never overwriting); returns 0
 * with *path (allocated), or -1 with *cause (the temp file is then left
 * under its own name, which *path gives).  Frees nothing.
 */
int		 download_keep(struct download *, const char *name,
		     char **path, char **cause);
/* Free; a temp file not finished or kept is kept as it is.  NULL is
   fine. */
void		 download_free(struct download *);
/* Remove the temp file (nothing was received worth keeping) and free. */
void		 download_discard(struct download *);

#endif
