/*
 * text — UTF-8 text: folding for accent- and case-insensitive matching,
 * transcoding from the Windows and DOS code pages, natural comparison, and
 * the one sanitizer that stands in front of every write to a terminal.
 * Pure functions; thread-safe; no curses.
 */
#ifndef LISTELEC_TEXT_H
#define LISTELEC_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fold len bytes of UTF-8 at src for matching: lower case, accents removed
 * (é è ê ë → e, ç → c, …), œ → oe, æ → ae, ß → ss, typographic apostrophes
 * and dashes to ASCII ' and -; other scripts lower-cased (towlower) and kept.
 * Invalid bytes are copied as they are.  Writes at most dstsz - 1 bytes and a
 * NUL; returns the length the whole result needs (as snprintf).  The result
 * is never longer than 2 * len.
 */
size_t	text_fold(char *dst, size_t dstsz, const char *src, size_t len);
/* Folded copy of a NUL-terminated string; caller frees. */
char	*text_fold_dup(const char *);
/*
 * Fold one character at s (n bytes available): writes 0 to 4 bytes to out
 * (4 only for a kept 4-byte character), returns the number of input bytes
 * consumed (at least 1 when n > 0).  ASCII folds to one byte, itself
 * lower-cased; combining marks, soft hyphens and zero-width characters fold
 * to nothing.
 */
size_t	text_fold_char(const unsigned char *s, size_t n, char out[4],
	    size_t *outlen);
/*
 * For substring search without a folded copy: set[b] = 1 for every byte b
 * that can start a character whose folding contains the byte c (for ASCII c:
 * c in both cases plus the lead bytes of accented letters and ligatures; for
 * c >= 0x80: every byte >= 0x80), 0 for the others.
 */
void	text_fold_leads(unsigned char c, unsigned char set[256]);

/* Nonzero when len bytes at s are valid UTF-8 (no overlongs, no surrogates). */
int	text_utf8_valid(const char *s, size_t len);
/*
 * Length of the longest prefix of s[0..len) that does not end in the middle
 * of a UTF-8 sequence (for streaming: the rest waits for the next chunk).
 */
size_t	text_utf8_complete(const char *s, size_t len);
/* Decode one character; returns bytes used, *cp = U+FFFD on invalid. */
size_t	text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written. */
size_t	text_utf8_encode(uint32_t cp, char *out);

/*
 * Transcode single-byte text to UTF-8.  dst needs 3 * len bytes; returns
 * bytes written; no NUL added.  Windows-1252's five undefined bytes map to
 * the C1 controls of the same value (the sanitizer marks them).
 */
size_t	text_cp1252_to_utf8(char *dst, const unsigned char *src, size_t len);
size_t	text_latin1_to_utf8(char *dst, const unsigned char *src, size_t len);
/* DOS code page 850 (zip entry names without the UTF-8 flag). */
size_t	text_cp850_to_utf8(char *dst, const unsigned char *src, size_t len);
/* UTF-8 → Windows-1252 for Excel exports; unmappable → '?'. dst needs len. */
size_t	text_utf8_to_cp1252(char *dst, const char *src, size_t len,
	    size_t *unmappable);

/*
 * The terminal sanitizer.  Copies UTF-8 text replacing what must never reach
 * a terminal with visible marks: C0 controls (ESC → "^[", others "^X"), DEL
 * ("^?"), C1 controls U+0080–U+009F ("<9B>"), bidi overrides and isolates
 * U+202A–U+202E, U+2066–U+2069, zero-width characters, and invalid bytes
 * ("<E9>").  TAB becomes a space; with keep_newlines, \n is kept.  With
 * ascii_only (LANG=C), accented letters are transliterated (é → e, œ → oe)
 * and other non-ASCII characters become '?'.  Returns an allocated string.
 */
char	*text_sanitize(const char *s, size_t len, int ascii_only,
	    int keep_newlines);
/*
 * Nonzero when text_sanitize(s, len, 0, 0) would change s (any control
 * character, TAB and newline included, C1, hidden character, invalid byte).
 * Marks: C1 and invalid bytes "<9B>", hidden characters "<U+202E>".
 */
int	text_needs_sanitize(const char *s, size_t len);

/*
 * Display width in terminal columns of sanitized UTF-8: combining marks and
 * zero-width characters 0, East Asian wide and emoji 2, others 1 (invalid
 * bytes too).  Own tables, not wcwidth: the same in every locale.
 */
size_t	text_width(const char *s, size_t len);
/*
 * Bytes of s that fit in at most cols columns (whole characters only);
 * *used receives the columns taken.
 */
size_t	text_fit(const char *s, size_t len, size_t cols, size_t *used);

/*
 * Natural, accent- and case-insensitive comparison: digit runs compare as
 * numbers ("12" < "101", "12" < "12A"), letters as their folded forms; ties
 * broken by the raw bytes so the order is total.
 */
int	text_natcmp(const char *a, const char *b);

/*
 * Parse a date AAAA-MM-JJ or JJ/MM/AAAA (day and month may have one digit
 * with slashes; a time of day HH:MM[:SS] may follow after a space or 'T';
 * spaces around allowed): 0 with days since 1970-01-01, or -1.
 */
int	text_parse_date(const char *s, size_t len, int32_t *days);
/* The same date as year, month and day (no conversion to days). */
int	 text_parse_ymd(const char *s, size_t len, int *y, int *m, int *d);
/* Parse a decimal number (optional sign, digits, one '.' or ','). 0 or -1. */
int	text_parse_number(const char *s, size_t len, double *out);

/* A hash of bytes for hash tables (FNV-1a, its high bits folded in). */
uint64_t text_hash(const char *s, size_t len);

/* A byte count for people into buf: "512 B", "12 kB", "3.4 MB". */
void	 text_human_bytes(char *buf, size_t size, int64_t n);

#endif
