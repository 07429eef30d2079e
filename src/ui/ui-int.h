/*
 * ui-int — what the files of src/ui/ share: the screen vtable and its
 * action bits, the main loop, drawing of untrusted text through the
 * sanitizer, colour roles, the line editor and the screens' constructors.
 * Private to src/ui/; the only header that includes <curses.h>.
 */
#ifndef LISTELEC_UI_INT_H
#define LISTELEC_UI_INT_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

struct table;
struct view;
struct archive;
struct secret;

/* Bits a screen's key() or tick() returns to the loop. */
#define UI_REDRAW	0x1	/* draw again */
#define UI_CLOSE	0x2	/* pop this screen (its result is set) */
#define UI_QUIT		0x4	/* leave every loop (ui_quit status set) */
#define UI_FULL		0x8	/* repaint the whole terminal (^L) */

struct ui_screen;
struct ui_screen_ops {
	/* Draw the whole screen into stdscr (erased before). */
	void	(*draw)(struct ui_screen *);
	/* A key: code is a character (fn 0) or a KEY_* (fn 1). */
	int	(*key)(struct ui_screen *, int code, int fn);
	/* The terminal changed size (LINES, COLS are new). */
	void	(*resize)(struct ui_screen *);
	/* Woken by a background task or a timer; returns bits. */
	int	(*tick)(struct ui_screen *);
	void	(*free)(struct ui_screen *);
};
struct ui_screen {
	const struct ui_screen_ops *ops;
	void	*data;
	int	 result;	/* what the screen returns to ui_run */
	int	 secret;	/* shows electors: blanked when idle */
};

/* Colour roles; without colour each falls back to a video attribute. */
enum ui_role {
	UI_NORMAL,
	UI_HEADER,	/* column names */
	UI_SELECT,	/* the selected row */
	UI_CURSOR,	/* the selected cell */
	UI_STATUS,	/* the status line */
	UI_KEYS,	/* the key bar */
	UI_ERROR,
	UI_MATCH,	/* search match */
	UI_MARK,	/* cut mark */
	UI_TITLE,
	UI_NROLES
};

/* ui.c; ui_stop is ui_end's work (ui-end.c). */
int	 ui_start(int ascii, int no_color, char **cause);
void	 ui_stop(void);
int	 ui_ascii(void);
attr_t	 ui_attr(enum ui_role);
/*
 * Run the loop with s on top until s closes (returns its result) or
 * ui_quit is called (returns -1).  Takes s (freed when it closes).
 */
int	 ui_run(struct ui_screen *s);
/* Stop every loop; the command exits with status. */
void	 ui_quit(int status);
int	 ui_quitting(int *status);
/* Wake the loop from another thread (calls the top screen's tick). */
void	 ui_wake(void);
/* Where the hardware cursor rests after drawing (the focused item). */
void	 ui_cursor(int y, int x);
/* A one-line message for the key bar until the next key (copied). */
void	 ui_message(int error, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));
const char *ui_message_text(int *error);
/* Idle delay before blanking, seconds (0 = never), and the password. */
void	 ui_set_lock(unsigned seconds, const struct secret *pw);

/*
 * Draw untrusted UTF-8 text at (y, x) in at most w columns, through the
 * sanitizer; longer text is cut with a visible mark.  With fill, pads to w.
 * Returns the columns used.
 */
int	 ui_text(int y, int x, int w, const char *s, size_t len, attr_t attr,
	     int fill);
/* The same for a NUL-terminated string (translations, names). */
int	 ui_str(int y, int x, int w, const char *s, attr_t attr, int fill);
/* Display width of untrusted text once sanitized. */
size_t	 ui_width(const char *s, size_t len);
/* Fill a line from x to the right edge with spaces in attr. */
void	 ui_fill(int y, int x, attr_t attr);
/* The key bar: pairs of key, label; NULL-terminated. */
void	 ui_keybar(int y, const char *const *pairs);

/* The line editor. */
#define UI_LINE_MAX	1024
struct ui_line {
	char	 buf[UI_LINE_MAX];
	size_t	 len;		/* bytes */
	size_t	 pos;		/* cursor, bytes */
	int	 masked;	/* draw '*' per character */
};
#define UI_LINE_IGNORED	0
#define UI_LINE_CHANGED	1
#define UI_LINE_MOVED	2
void	 ui_line_set(struct ui_line *, const char *);
void	 ui_line_clear(struct ui_line *);
int	 ui_line_key(struct ui_line *, int code, int fn);
/* Draw prompt and text in row y from x over w columns; places the cursor. */
void	 ui_line_draw(struct ui_line *, int y, int x, int w, const char *prompt,
	     attr_t attr);
/* Display columns before byte offset off of the line. */
size_t	 ui_line_col(const struct ui_line *, size_t off);

/*
 * Modal dialogs.  ui_ask: a question with a line to type (returns 0 and
 * copies the answer, or -1 on Esc).  ui_confirm: text then y/n (1 yes).
 */
int	 ui_ask(const char *title, const char *prompt, const char *initial,
	     char *out, size_t outsz);
int	 ui_confirm(const char *title, const char *text, const char *question);
/* A text page (help, notices): NUL-terminated lines; q/Esc closes. */
int	 ui_pager(const char *title, const char *const *lines, size_t n);
/*
 * The masked password field: up to tries attempts, each checked by check
 * (0 right, -1 wrong with message, -2 fatal).  Returns 0 with pw set, -1
 * after too many tries, -2 on a fatal check, -3 when the user left (Esc).
 */
int	 ui_password(const char *title, struct secret *pw, unsigned tries,
	     int (*check)(void *, const struct secret *, char **), void *arg,
	     char **cause);

/* ui-table.c: the table screen over t (borrowed); name is the file's. */
struct ui_screen *ui_table_new(struct table *t, const char *name);

/* ui-export.c: export rows/cols of t after the notice. */
void	 ui_export(struct table *t, const uint32_t *rows, size_t nrows,
	     const size_t *cols, size_t ncols);
/* Walk sheets of rows of t (name: the file's) after the notice. */
void	 ui_sheet(struct table *t, const uint32_t *rows, size_t nrows,
	     const char *name);
/* Save entry i of an archive decrypted to a private file (the PDF). */
void	 ui_save_entry(struct archive *, size_t i, const struct secret *pw);

/* ui-freq.c: the frequency view of column col over rows; on Enter writes
   a filter expression to *expr (allocated) and returns 1. */
int	 ui_freq(struct table *t, const uint32_t *rows, size_t n, size_t col,
	     char **expr);
/* The filter expression selecting col="value" (allocated). */
char	*ui_freq_expr(const struct table *t, size_t col, const char *value);

/* ui-record.c: every field of row index sel of rows; returns the new sel. */
size_t	 ui_record(struct table *t, const uint32_t *rows, size_t n, size_t sel,
	     const size_t *cols, size_t ncols);

/* ui-freq.c: the column list of the view (hide, show, reorder). */
void	 ui_columns(struct table *t, struct view *v);

/* ui-table.c: the help for the table screen, from its key table. */
void	 ui_help(void);
/* ui.c: arrows, pages, Home, End, Enter as j k Space b g G CR; 0 otherwise. */
int	 ui_list_key(int);

/* ui-chooser.c: pick entries of an archive; fills idx and n (preselected
   from sel); returns 0 to open, -1 to quit. */
int	 ui_chooser(struct archive *, const struct secret *pw, const char *name,
	     const size_t *sel, size_t nsel, size_t **idx, size_t *n);


/* ui.c: word-wrap text into lines of at most w columns; ui_wrap_free. */
char	**ui_wrap(const char *text, int w, size_t *n);
void	 ui_wrap_free(char **lines, size_t n);

/*
 * ui-form.c: a form of fields, check boxes and buttons (the wizard's
 * sign-in, forgotten password and password change).  Tab/Down next,
 * Shift-Tab/Up previous, Space ticks a box, Enter on a button chooses it
 * and Enter in the last text field submits; Esc cancels; F1 (or ? off a
 * text field) shows the help.  The hardware cursor rests on the focus.
 */
enum ui_field_kind {
	UI_FIELD_TEXT,
	UI_FIELD_SECRET,	/* masked */
	UI_FIELD_CHECK,
	UI_FIELD_BUTTON,
};
struct ui_field {
	enum ui_field_kind	 kind;
	const char		*label;
	struct ui_line		 line;	/* text and secret fields */
	int			 checked; /* check boxes */
	int			 id;	/* buttons: what ui_form returns */
};
struct ui_form {
	const char		*title;
	const char		*intro;	/* wrapped text above, or NULL */
	const char		*error;	/* in the error colour, or NULL */
	const char		*info;	/* below the intro, or NULL */
	const char *const	*help;	/* help lines, NULL-terminated */
	struct ui_field		*fields;
	size_t			 nfields;
	size_t			 focus;
	int			 submit; /* Enter in the last text field */
	const char		*esc_label;	/* the key bar's word for Esc */
};
/* Run the form; the id chosen (a button's, or submit), -1 on Esc. */
int	 ui_form(struct ui_form *);
/* Wipe the form's lines (secrets typed in them). */
void	 ui_form_wipe(struct ui_form *);

/*
 * ui-list.c: the list widget under every list screen (the archive
 * chooser, the counts, the column list, the choices, the wizard's menus,
 * the pager).  It owns the selection and the scrolling and answers the
 * same keys everywhere: j k and the arrows, Space b PgDn PgUp ^F ^B, g G
 * Home End, / to search (Enter, then n for the next), ? and F1 for the
 * help (the caller's lines, then the list's keys, in the pager), q and
 * Esc.  The caller's callbacks draw a row, take other keys first, give
 * the help lines, sort and swap (each may be NULL).
 */
#define UI_LIST_NOTAG	-1	/* an item that has no tag */
#define UI_LIST_PASS	-1	/* from key(): not taken, the list's keys */

#define UI_LIST_TAGS	0x01	/* draw [x] / [ ]; Space and x are the
				   caller's (it sets the tags) */
#define UI_LIST_NUMBERS	0x02	/* draw each item's number before it */
#define UI_LIST_KEYCHOOSE 0x04	/* a shortcut key chooses, as Enter */
#define UI_LIST_PAGER	0x08	/* lines of text: no selection bar; Enter
				   scrolls, ? F1 close */
#define UI_LIST_SECRET	0x10	/* shows electors (blanked when idle) */

struct ui_list_item {
	char		*text;	/* owned; drawn (by default) and searched */
	int		 depth;	/* indent, two columns a level */
	int		 tag;	/* 0, 1 or UI_LIST_NOTAG */
	int		 key;	/* shortcut character, or 0 */
	void		*data;	/* the caller's */
};
struct ui_list;
struct ui_list_ops {
	/* Lines below the title from row y; returns the list's first row
	   (NULL: a blank line, or none for a pager). */
	int	 (*head)(void *, struct ui_list *, int y);
	/* Item i in row y from column x (after its tag and indent). */
	void	 (*draw)(void *, struct ui_list *, size_t i, int y, int x,
		     attr_t);
	/* A key before the list's own: UI_LIST_PASS, or screen bits
	   (ui_list_close sets the result and returns UI_CLOSE). */
	int	 (*key)(void *, struct ui_list *, int code, int fn);
	/* The screen's help lines (translated) into lines; their count. */
	size_t	 (*help)(void *, const char **lines, size_t max);
	/* s: the next order; rebuild the items (the selection goes to the
	   first). */
	void	 (*sort)(void *, struct ui_list *);
	/* K J: swap items a and b in the caller's data; nonzero if done. */
	int	 (*swap)(void *, struct ui_list *, size_t a, size_t b);
};
/* A list titled title (borrowed until freed or set again); arg is the
   callbacks'; flags are UI_LIST_*. */
struct ui_list	*ui_list_new(const char *title, const struct ui_list_ops *,
		     void *arg, int flags);
void		 ui_list_free(struct ui_list *);
/* Append an item (text copied); returns its index. */
size_t		 ui_list_add(struct ui_list *, const char *text, int depth,
		     int tag, int key, void *data);
void		 ui_list_clear(struct ui_list *);
size_t		 ui_list_count(const struct ui_list *);
struct ui_list_item *ui_list_item(struct ui_list *, size_t i);
size_t		 ui_list_current(const struct ui_list *);
void		 ui_list_set_current(struct ui_list *, size_t i);
void		 ui_list_set_title(struct ui_list *, const char *);
/* The key bar's pairs (borrowed, NULL-terminated); ? help is added. */
void		 ui_list_set_keys(struct ui_list *, const char *const *);
/* What q and Esc return (-1 unless set). */
void		 ui_list_set_cancel(struct ui_list *, int result);
int		 ui_list_close(struct ui_list *, int result);
/*
 * Run the list until it closes: the result set by ui_list_close, the
 * cancel result for q and Esc, the current index for Enter when key()
 * passes it, or -1 when quitting.  The list stays the caller's.
 */
int		 ui_list_run(struct ui_list *);

#endif
