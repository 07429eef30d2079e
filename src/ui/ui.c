/*
 * ui — the terminal: start with newterm on /dev/tty, one ui_end that is
 * safe anywhere and twice, signals turned into flags the loop reads, a
 * crash handler that restores the terminal with async-signal-safe calls,
 * the main loop over a stack of screens, drawing of untrusted text
 * through the sanitizer, colour roles, the line editor, small dialogs and
 * the idle lock.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define UI_MAXDEPTH	16

static SCREEN		*ui_scr;
static FILE		*ui_in, *ui_out;
static int		 ui_fd = -1;
static int		 ui_started, ui_ended;
static struct termios	 ui_saved;
static int		 ui_saved_ok;
static char		 ui_reset[256];
static size_t		 ui_resetlen;
static int		 ui_pipe[2] = { -1, -1 };
static volatile sig_atomic_t ui_sig;
static struct sigaction	 ui_oldcrash[5];
static const int	 ui_crashsigs[5] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
			     SIGILL };

static int		 ui_asc;
static int		 ui_color;
static attr_t		 ui_attrs[UI_NROLES];

static struct ui_screen	*ui_stack[UI_MAXDEPTH];
static int		 ui_depth;
static int		 ui_quit_flag, ui_quit_status;
static int		 ui_need_draw, ui_need_full;
static int		 ui_cy = -1, ui_cx = -1;
static char		*ui_msg;
static int		 ui_msg_error;

static unsigned		 ui_lock_secs;
static const struct secret *ui_lock_pw;
static time_t		 ui_last_key;
static int		 ui_locked;

static void	ui_on_signal(int);
static void	ui_on_crash(int);
static void	ui_draw_top(void);
static int	ui_lock(void);

/* A terminating signal: note it and wake the loop. */
static void
ui_on_signal(int sig)
{
	int	saved = errno;

	ui_sig = sig;
	if (ui_pipe[1] != -1)
		(void)write(ui_pipe[1], "s", 1);
	errno = saved;
}

/* A crash: restore the terminal with async-signal-safe calls, re-raise. */
static void
ui_on_crash(int sig)
{
	size_t	i;

	if (ui_started && !ui_ended) {
		if (ui_saved_ok)
			(void)tcsetattr(ui_fd, TCSANOW, &ui_saved);
		if (ui_fd != -1)
			(void)write(ui_fd, ui_reset, ui_resetlen);
	}
	for (i = 0; i < 5; i++) {
		if (ui_crashsigs[i] == sig)
			(void)sigaction(sig, &ui_oldcrash[i], NULL);
	}
	(void)raise(sig);
}

/* Append a terminfo capability to the reset string. */
static void
ui_add_reset(const char *cap, const char *fallback)
{
	const char	*s = tigetstr((char *)cap);
	size_t		 n;

	if (s == NULL || s == (char *)-1)
		s = fallback;
	n = strlen(s);
	if (ui_resetlen + n < sizeof ui_reset) {
		memcpy(ui_reset + ui_resetlen, s, n);
		ui_resetlen += n;
	}
}

/* Start the screen on the controlling terminal. */
int
ui_start(int ascii, int no_color, char **cause)
{
	struct sigaction sa;
	size_t		 i;
	const char	*term;

	ui_asc = ascii;
	if (ui_started) {
		/* Again after ui_stop (the wizard, then the table): the
		   same screen comes back. */
		if (ui_ended) {
			ui_ended = 0;
			if (tcgetattr(ui_fd, &ui_saved) == 0)
				ui_saved_ok = 1;
			reset_prog_mode();
			clear();
			refresh();
		}
		ui_last_key = time(NULL);
		return (0);
	}
	if ((ui_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1) {
		*cause = xasprintf(_("the screens need a terminal (%s)"),
		    strerror(errno));
		return (-1);
	}
	if ((ui_in = fdopen(ui_fd, "r")) == NULL ||
	    (ui_out = fopen("/dev/tty", "we")) == NULL) {
		*cause = xasprintf(_("the screens need a terminal (%s)"),
		    strerror(errno));
		return (-1);
	}
	if (tcgetattr(ui_fd, &ui_saved) == 0)
		ui_saved_ok = 1;
	if (pipe(ui_pipe) == 0) {
		(void)fcntl(ui_pipe[0], F_SETFL, O_NONBLOCK);
		(void)fcntl(ui_pipe[1], F_SETFL, O_NONBLOCK);
		(void)fcntl(ui_pipe[0], F_SETFD, FD_CLOEXEC);
		(void)fcntl(ui_pipe[1], F_SETFD, FD_CLOEXEC);
	}
	term = getenv("TERM");
	if (term == NULL || *term == '\0')
		term = "vt100";
	ui_scr = newterm(term, ui_out, ui_in);
	if (ui_scr == NULL) {
		*cause = xasprintf(_("cannot use the terminal type %s"), term);
		return (-1);
	}
	set_term(ui_scr);
	ui_started = 1;

	ui_resetlen = 0;
	ui_add_reset("rmcup", "\033[?1049l");
	ui_add_reset("cnorm", "\033[?25h");
	ui_add_reset("sgr0", "\033[0m");
	ui_add_reset("rmkx", "");

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_signal;
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = ui_on_crash;
	for (i = 0; i < 5; i++)
		(void)sigaction(ui_crashsigs[i], &sa, &ui_oldcrash[i]);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(1);

	ui_color = !no_color && has_colors();
	if (ui_color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_YELLOW, -1);
		init_pair(2, COLOR_BLACK, COLOR_CYAN);
		init_pair(3, COLOR_BLACK, COLOR_YELLOW);
		init_pair(4, COLOR_WHITE, COLOR_BLUE);
		init_pair(5, COLOR_RED, -1);
		init_pair(6, COLOR_BLACK, COLOR_GREEN);
		init_pair(7, COLOR_CYAN, -1);
		ui_attrs[UI_NORMAL] = A_NORMAL;
		ui_attrs[UI_HEADER] = COLOR_PAIR(1) | A_BOLD;
		ui_attrs[UI_SELECT] = COLOR_PAIR(2);
		ui_attrs[UI_CURSOR] = COLOR_PAIR(3) | A_BOLD;
		ui_attrs[UI_STATUS] = COLOR_PAIR(4);
		ui_attrs[UI_KEYS] = A_REVERSE;
		ui_attrs[UI_ERROR] = COLOR_PAIR(5) | A_BOLD;
		ui_attrs[UI_MATCH] = COLOR_PAIR(6) | A_BOLD;
		ui_attrs[UI_MARK] = COLOR_PAIR(7);
		ui_attrs[UI_TITLE] = A_BOLD;
	} else {
		ui_attrs[UI_NORMAL] = A_NORMAL;
		ui_attrs[UI_HEADER] = A_BOLD | A_UNDERLINE;
		ui_attrs[UI_SELECT] = A_REVERSE;
		ui_attrs[UI_CURSOR] = A_REVERSE | A_BOLD | A_UNDERLINE;
		ui_attrs[UI_STATUS] = A_REVERSE;
		ui_attrs[UI_KEYS] = A_REVERSE;
		ui_attrs[UI_ERROR] = A_BOLD;
		ui_attrs[UI_MATCH] = A_UNDERLINE | A_BOLD;
		ui_attrs[UI_MARK] = A_DIM;
		ui_attrs[UI_TITLE] = A_BOLD;
	}
	ui_last_key = time(NULL);
	return (0);
}

/* Restore the terminal; any number of times, from anywhere but a handler. */
void
ui_stop(void)
{
	if (!ui_started || ui_ended)
		return;
	ui_ended = 1;
	endwin();
	if (ui_saved_ok)
		(void)tcsetattr(ui_fd, TCSANOW, &ui_saved);
	fflush(ui_out);
}

/* Nonzero when the terminal is not UTF-8. */
int
ui_ascii(void)
{
	return (ui_asc);
}

/* Attribute of a role. */
attr_t
ui_attr(enum ui_role r)
{
	return (ui_attrs[r]);
}

/* Stop every loop with this exit status. */
void
ui_quit(int status)
{
	ui_quit_flag = 1;
	ui_quit_status = status;
}

/* Nonzero (and the status) once ui_quit was called. */
int
ui_quitting(int *status)
{
	if (status != NULL)
		*status = ui_quit_status;
	return (ui_quit_flag);
}

/* Wake the loop (any thread). */
void
ui_wake(void)
{
	if (ui_pipe[1] != -1)
		(void)write(ui_pipe[1], "w", 1);
}

/* Where the cursor rests after this draw. */
void
ui_cursor(int y, int x)
{
	ui_cy = y;
	ui_cx = x;
}

/* A message for the key bar. */
void
ui_message(int error, const char *fmt, ...)
{
	va_list	ap;

	free(ui_msg);
	va_start(ap, fmt);
	ui_msg = xvasprintf(fmt, ap);
	va_end(ap);
	ui_msg_error = error;
	ui_need_draw = 1;
}

/* The pending message or NULL. */
const char *
ui_message_text(int *error)
{
	if (error != NULL)
		*error = ui_msg_error;
	return (ui_msg);
}

/* Blank the screen after seconds idle; pw (borrowed) unlocks it. */
void
ui_set_lock(unsigned seconds, const struct secret *pw)
{
	ui_lock_secs = seconds;
	ui_lock_pw = pw;
}

/* Draw the top screen, then rest the cursor on the focus. */
static void
ui_draw_top(void)
{
	struct ui_screen *s = ui_stack[ui_depth - 1];

	if (ui_need_full) {
		clearok(curscr, TRUE);
		ui_need_full = 0;
	}
	erase();
	ui_cy = ui_cx = -1;
	if (LINES < 6 || COLS < 30) {
		ui_str(0, 0, COLS, _("Terminal too small"), A_BOLD, 0);
		ui_cursor(0, 0);
	} else
		s->ops->draw(s);
	if (ui_cy < 0 || ui_cy >= LINES || ui_cx < 0 || ui_cx >= COLS)
		ui_cursor(LINES - 1, 0);
	move(ui_cy, ui_cx);
	refresh();
	ui_need_draw = 0;
}

/* Handle the bits a screen returned. */
static int
ui_bits(int bits)
{
	if (bits & UI_REDRAW)
		ui_need_draw = 1;
	if (bits & UI_FULL)
		ui_need_draw = ui_need_full = 1;
	return (bits & (UI_CLOSE | UI_QUIT));
}

/* Nonzero when a screen on the stack shows electors. */
static int
ui_showing_secret(void)
{
	int	i;

	for (i = 0; i < ui_depth; i++)
		if (ui_stack[i]->secret)
			return (1);
	return (0);
}

/* Run the loop with s on top until it closes. */
int
ui_run(struct ui_screen *s)
{
	struct pollfd	 pfd[2];
	struct ui_screen *top;
	int		 base = ui_depth, r, result, i, t;
	wint_t		 wch;
	char		 drain[64];
	time_t		 now;

	if (ui_depth == UI_MAXDEPTH)
		fatal("ui: screens nested too deep");
	ui_stack[ui_depth++] = s;
	ui_need_draw = 1;
	for (;;) {
		if (ui_quit_flag)
			break;
		if (ui_sig != 0) {
			ui_quit(EXIT_INTERRUPTED);
			break;
		}
		top = ui_stack[ui_depth - 1];
		if (ui_need_draw)
			ui_draw_top();

		timeout(0);
		r = wget_wch(stdscr, &wch);
		if (r != ERR) {
			ui_last_key = time(NULL);
			if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
				for (i = 0; i < ui_depth; i++) {
					top = ui_stack[i];
					if (top->ops->resize != NULL)
						top->ops->resize(top);
				}
				top = ui_stack[ui_depth - 1];
				ui_need_draw = 1;
				continue;
			}
			if (r != KEY_CODE_YES && wch == 12) {	/* ^L */
				ui_need_draw = ui_need_full = 1;
				continue;
			}
			if (ui_msg != NULL) {
				free(ui_msg);
				ui_msg = NULL;
				ui_need_draw = 1;
			}
			if (ui_bits(top->ops->key(top, (int)wch,
			    r == KEY_CODE_YES)) != 0)
				break;
			continue;
		}

		t = 250;
		if (ui_lock_secs > 0 && !ui_locked && ui_showing_secret()) {
			now = time(NULL);
			if (now - ui_last_key >= (time_t)ui_lock_secs) {
				if (ui_lock() != 0)
					break;
				ui_need_draw = 1;
				continue;
			}
		}
		pfd[0].fd = ui_fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = ui_pipe[0];
		pfd[1].events = POLLIN;
		(void)poll(pfd, ui_pipe[0] != -1 ? 2 : 1, t);
		if (ui_pipe[0] != -1)
			while (read(ui_pipe[0], drain, sizeof drain) > 0)
				;
		if (top->ops->tick != NULL && ui_bits(top->ops->tick(top)) != 0)
			break;
	}
	if (ui_depth > base)
		ui_depth--;
	/* Screens above s (when quitting) are their owners' to free. */
	ui_depth = base;
	result = ui_quit_flag ? -1 : s->result;
	if (s->ops->free != NULL)
		s->ops->free(s);
	free(s);
	ui_need_draw = 1;
	return (result);
}

/* Draw text through the sanitizer, cut with a mark when too long. */
int
ui_text(int y, int x, int w, const char *s, size_t len, attr_t attr, int fill)
{
	char	*clean;
	size_t	 cw, used, n;
	int	 done;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return (0);
	if (x + w > COLS)
		w = COLS - x;
	clean = text_sanitize(s, len, ui_asc, 0);
	cw = text_width(clean, strlen(clean));
	attrset(attr);
	if (cw <= (size_t)w) {
		mvaddnstr(y, x, clean, (int)strlen(clean));
		done = (int)cw;
	} else {
		n = text_fit(clean, strlen(clean), (size_t)w - 1, &used);
		mvaddnstr(y, x, clean, (int)n);
		attrset(attr | ui_attrs[UI_MARK]);
		if (ui_asc)
			addstr(">");
		else
			addstr("\xe2\x80\xa6");	/* … */
		done = (int)used + 1;
	}
	attrset(attr);
	if (fill) {
		for (; done < w; done++)
			mvaddch(y, x + done, ' ');
	}
	attrset(A_NORMAL);
	free(clean);
	return (done);
}

/* ui_text for a NUL-terminated string. */
int
ui_str(int y, int x, int w, const char *s, attr_t attr, int fill)
{
	return (ui_text(y, x, w, s, strlen(s), attr, fill));
}

/* Width of text once sanitized. */
size_t
ui_width(const char *s, size_t len)
{
	char	*clean;
	size_t	 w;

	if (!ui_asc && !text_needs_sanitize(s, len))
		return (text_width(s, len));
	clean = text_sanitize(s, len, ui_asc, 0);
	w = text_width(clean, strlen(clean));
	free(clean);
	return (w);
}

/* Spaces in attr from x to the right edge. */
void
ui_fill(int y, int x, attr_t attr)
{
	attrset(attr);
	for (; x < COLS; x++)
		mvaddch(y, x, ' ');
	attrset(A_NORMAL);
}

/* The key bar, or the pending message. */
void
ui_keybar(int y, const char *const *pairs)
{
	int	x = 0, w;
	size_t	i;

	if (ui_msg != NULL) {
		ui_str(y, 0, COLS, ui_msg,
		    ui_msg_error ? ui_attrs[UI_ERROR] : A_BOLD, 1);
		return;
	}
	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		w = (int)ui_width(pairs[i], strlen(pairs[i])) +
		    (int)ui_width(pairs[i + 1], strlen(pairs[i + 1])) + 2;
		if (x + w > COLS)
			break;
		x += ui_str(y, x, COLS - x, pairs[i], ui_attrs[UI_KEYS], 0);
		x += 1;
		x += ui_str(y, x, COLS - x, pairs[i + 1], A_NORMAL, 0);
		x += 1;
	}
}

/* Line editor: set the text. */
void
ui_line_set(struct ui_line *l, const char *s)
{
	size_t	n = strlen(s);

	if (n >= sizeof l->buf)
		n = sizeof l->buf - 1;
	n = text_utf8_complete(s, n);
	memcpy(l->buf, s, n);
	l->buf[n] = '\0';
	l->len = l->pos = n;
}

/* Line editor: empty it (wiping what was typed). */
void
ui_line_clear(struct ui_line *l)
{
	secure_wipe(l->buf, sizeof l->buf);
	l->len = l->pos = 0;
}

/* Start of the UTF-8 character before byte offset off. */
static size_t
ui_line_prev(const struct ui_line *l, size_t off)
{
	if (off == 0)
		return (0);
	off--;
	while (off > 0 && ((unsigned char)l->buf[off] & 0xc0) == 0x80)
		off--;
	return (off);
}

/* End of the UTF-8 character at byte offset off. */
static size_t
ui_line_next(const struct ui_line *l, size_t off)
{
	if (off >= l->len)
		return (l->len);
	off++;
	while (off < l->len && ((unsigned char)l->buf[off] & 0xc0) == 0x80)
		off++;
	return (off);
}

/* Remove bytes [a, b) of the line. */
static void
ui_line_cut(struct ui_line *l, size_t a, size_t b)
{
	memmove(l->buf + a, l->buf + b, l->len - b);
	l->len -= b - a;
	secure_wipe(l->buf + l->len, b - a);
	l->buf[l->len] = '\0';
	l->pos = a;
}

/* Line editor: one key. */
int
ui_line_key(struct ui_line *l, int code, int fn)
{
	char	enc[4];
	size_t	n, p;

	if (fn) {
		switch (code) {
		case KEY_LEFT:
			l->pos = ui_line_prev(l, l->pos);
			return (UI_LINE_MOVED);
		case KEY_RIGHT:
			l->pos = ui_line_next(l, l->pos);
			return (UI_LINE_MOVED);
		case KEY_HOME:
			l->pos = 0;
			return (UI_LINE_MOVED);
		case KEY_END:
			l->pos = l->len;
			return (UI_LINE_MOVED);
		case KEY_BACKSPACE:
			if (l->pos == 0)
				return (UI_LINE_MOVED);
			ui_line_cut(l, ui_line_prev(l, l->pos), l->pos);
			return (UI_LINE_CHANGED);
		case KEY_DC:
			if (l->pos == l->len)
				return (UI_LINE_MOVED);
			ui_line_cut(l, l->pos, ui_line_next(l, l->pos));
			return (UI_LINE_CHANGED);
		}
		return (UI_LINE_IGNORED);
	}
	switch (code) {
	case 1:		/* ^A */
		l->pos = 0;
		return (UI_LINE_MOVED);
	case 5:		/* ^E */
		l->pos = l->len;
		return (UI_LINE_MOVED);
	case 2:		/* ^B */
		l->pos = ui_line_prev(l, l->pos);
		return (UI_LINE_MOVED);
	case 6:		/* ^F */
		l->pos = ui_line_next(l, l->pos);
		return (UI_LINE_MOVED);
	case 8:		/* ^H */
	case 127:
		if (l->pos == 0)
			return (UI_LINE_MOVED);
		ui_line_cut(l, ui_line_prev(l, l->pos), l->pos);
		return (UI_LINE_CHANGED);
	case 4:		/* ^D */
		if (l->pos == l->len)
			return (UI_LINE_MOVED);
		ui_line_cut(l, l->pos, ui_line_next(l, l->pos));
		return (UI_LINE_CHANGED);
	case 21:	/* ^U */
		ui_line_cut(l, 0, l->pos);
		return (UI_LINE_CHANGED);
	case 11:	/* ^K */
		ui_line_cut(l, l->pos, l->len);
		return (UI_LINE_CHANGED);
	case 23:	/* ^W */
		p = l->pos;
		while (p > 0 && l->buf[p - 1] == ' ')
			p--;
		while (p > 0 && l->buf[p - 1] != ' ')
			p--;
		ui_line_cut(l, p, l->pos);
		return (UI_LINE_CHANGED);
	}
	if (code < 0x20 || code == 0x7f || (code >= 0x80 && code < 0xa0))
		return (UI_LINE_IGNORED);
	if (ui_asc && code >= 0x80)
		return (UI_LINE_IGNORED);
	if (code > 0x10ffff)
		return (UI_LINE_IGNORED);
	n = text_utf8_encode((uint32_t)code, enc);
	if (l->len + n >= sizeof l->buf)
		return (UI_LINE_IGNORED);
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos);
	memcpy(l->buf + l->pos, enc, n);
	l->len += n;
	l->pos += n;
	l->buf[l->len] = '\0';
	return (UI_LINE_CHANGED);
}

/* Display columns before byte offset off. */
size_t
ui_line_col(const struct ui_line *l, size_t off)
{
	size_t	i, n = 0;

	if (l->masked) {
		for (i = 0; i < off; i++)
			if (((unsigned char)l->buf[i] & 0xc0) != 0x80)
				n++;
		return (n);
	}
	return (ui_width(l->buf, off));
}

/* Draw a prompt and the line; the cursor goes to the insertion point. */
void
ui_line_draw(struct ui_line *l, int y, int x, int w, const char *prompt,
    attr_t attr)
{
	size_t	start = 0, i;
	int	pw, avail, cx;
	char	stars[UI_LINE_MAX];

	pw = ui_str(y, x, w, prompt, attr | A_BOLD, 0);
	x += pw;
	w -= pw;
	if (w < 2)
		return;
	avail = w - 1;
	while (start < l->pos &&
	    ui_line_col(l, l->pos) - ui_line_col(l, start) > (size_t)avail)
		start = ui_line_next(l, start);
	if (l->masked) {
		size_t	n = 0;

		for (i = start; i < l->len && n < sizeof stars - 1; i++)
			if (((unsigned char)l->buf[i] & 0xc0) != 0x80)
				stars[n++] = '*';
		ui_text(y, x, w, stars, n, attr, 1);
	} else
		ui_text(y, x, w, l->buf + start, l->len - start, attr, 1);
	cx = x + (int)(ui_line_col(l, l->pos) - ui_line_col(l, start));
	ui_cursor(y, cx);
}

/* Word-wrap text into lines of at most w columns (allocated array). */
char **
ui_wrap(const char *text, int w, size_t *n)
{
	char		**lines = NULL;
	size_t		  nl = 0, cap = 0, linew, ww;
	const char	 *p = text, *line, *word, *end;

	if (w < 10)
		w = 10;
	while (*p != '\0') {
		line = p;
		end = p;
		linew = 0;
		while (*p != '\0' && *p != '\n') {
			word = p;
			while (*p == ' ')
				p++;
			while (*p != '\0' && *p != ' ' && *p != '\n')
				p++;
			ww = ui_width(word, (size_t)(p - word));
			if (linew + ww > (size_t)w && end != line) {
				p = word;
				while (*p == ' ')
					p++;
				break;
			}
			linew += ww;
			end = p;
		}
		if (nl == cap) {
			cap = cap ? cap * 2 : 16;
			lines = xreallocarray(lines, cap, sizeof *lines);
		}
		lines[nl++] = xstrndup(line, (size_t)(end - line));
		if (*p == '\n')
			p++;
		else if (end == p && *p != '\0' && end == line)
			p++;
	}
	*n = nl;
	return (lines);
}

/* Free ui_wrap's lines. */
void
ui_wrap_free(char **lines, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/*
 * The keys every list screen shares, as the letters they stand for:
 * arrows j k, pages Space b, Home g, End G, Enter CR; 0 for another key.
 */
int
ui_list_key(int code)
{
	switch (code) {
	case KEY_DOWN:
		return ('j');
	case KEY_UP:
		return ('k');
	case KEY_NPAGE:
		return (' ');
	case KEY_PPAGE:
		return ('b');
	case KEY_HOME:
		return ('g');
	case KEY_END:
		return ('G');
	case KEY_ENTER:
		return ('\r');
	default:
		return (0);
	}
}

/* Show lines in a scrolling page: a list of lines without a selection. */
int
ui_pager(const char *title, const char *const *lines, size_t n)
{
	struct ui_list	*l;
	const char	*keys[7];
	size_t		 i;
	int		 r;

	l = ui_list_new(title, NULL, NULL, UI_LIST_PAGER);
	for (i = 0; i < n; i++)
		ui_list_add(l, lines[i], 0, UI_LIST_NOTAG, 0, NULL);
	keys[0] = ui_asc ? "Up/Dn" : "\xe2\x86\x91\xe2\x86\x93";
	keys[1] = _("scroll");
	keys[2] = "/";
	keys[3] = _("search");
	keys[4] = "q";
	keys[5] = _("back");
	keys[6] = NULL;
	ui_list_set_keys(l, keys);
	ui_list_set_cancel(l, 0);
	r = ui_list_run(l);
	ui_list_free(l);
	return (r);
}

/* The question dialog: text wrapped, then a line or y/n. */
struct ui_ask_data {
	const char	*title;
	const char	*text;
	const char	*prompt;
	int		 yesno;
	struct ui_line	 line;
	int		 masked;
};

static void
ui_ask_draw(struct ui_screen *s)
{
	struct ui_ask_data	*d = s->data;
	char			**lines;
	size_t			 n, i;
	int			 y = 2;
	const char		*keys[7];

	ui_str(0, 0, COLS, d->title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	if (d->text != NULL) {
		lines = ui_wrap(d->text, COLS - 4, &n);
		for (i = 0; i < n && y < LINES - 4; i++, y++)
			ui_str(y, 2, COLS - 4, lines[i], A_NORMAL, 0);
		ui_wrap_free(lines, n);
		y++;
	}
	if (y > LINES - 3)
		y = LINES - 3;
	if (d->yesno) {
		int	x = 2 + ui_str(y, 2, COLS - 4, d->prompt, A_BOLD, 0);

		ui_str(y, x, COLS - x, " ", A_NORMAL, 0);
		ui_cursor(y, x + 1);
		keys[0] = "y";
		keys[1] = _("yes");
		keys[2] = "n";
		keys[3] = _("no");
		keys[4] = NULL;
	} else {
		ui_line_draw(&d->line, y, 2, COLS - 4, d->prompt, A_NORMAL);
		keys[0] = _("Enter");
		keys[1] = _("confirm");
		keys[2] = _("Esc");
		keys[3] = _("cancel");
		keys[4] = NULL;
	}
	ui_keybar(LINES - 1, keys);
}

static int
ui_ask_key(struct ui_screen *s, int code, int fn)
{
	struct ui_ask_data	*d = s->data;

	if (!fn && code == 27) {
		s->result = -1;
		return (UI_CLOSE);
	}
	if (d->yesno) {
		if (fn)
			return (0);
		/* Both languages' initials answer. */
		if (code == 'y' || code == 'Y' || code == 'o' || code == 'O') {
			s->result = 1;
			return (UI_CLOSE);
		}
		if (code == 'n' || code == 'N' || code == 'q') {
			s->result = 0;
			return (UI_CLOSE);
		}
		return (0);
	}
	if (!fn && (code == '\r' || code == '\n')) {
		s->result = 0;
		return (UI_CLOSE);
	}
	return (ui_line_key(&d->line, code, fn) != UI_LINE_IGNORED ?
	    UI_REDRAW : 0);
}

static void
ui_ask_free(struct ui_screen *s)
{
	(void)s;
}

static const struct ui_screen_ops ui_ask_ops = {
	ui_ask_draw, ui_ask_key, NULL, NULL, ui_ask_free
};

/* Ask for a line of text. */
int
ui_ask(const char *title, const char *prompt, const char *initial, char *out,
    size_t outsz)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct ui_ask_data	 d;
	int			 r;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.prompt = prompt;
	if (initial != NULL)
		ui_line_set(&d.line, initial);
	s->ops = &ui_ask_ops;
	s->data = &d;
	r = ui_run(s);
	if (r == 0) {
		if (d.line.len >= outsz)
			r = -1;
		else
			memcpy(out, d.line.buf, d.line.len + 1);
	}
	ui_line_clear(&d.line);
	return (r);
}

/* Show text and ask yes or no. */
int
ui_confirm(const char *title, const char *text, const char *question)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct ui_ask_data	 d;
	int			 r;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = text;
	d.prompt = question;
	d.yesno = 1;
	s->ops = &ui_ask_ops;
	s->data = &d;
	r = ui_run(s);
	return (r == 1);
}

/* The password dialog. */
struct ui_pw_data {
	const char	*title;
	struct ui_line	 line;
	struct secret	*pw;
	unsigned	 tries, tried;
	int		(*check)(void *, const struct secret *, char **);
	void		*arg;
	char		*error;
	char		*fatal;
	int		 checking;
};

static void
ui_pw_draw(struct ui_screen *s)
{
	struct ui_pw_data	*d = s->data;
	const char		*keys[5];
	char			**wl;
	size_t			 nw, i;
	int			 y = LINES / 2 - 2;

	ui_str(0, 0, COLS, d->title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	/* The explanation, wrapped, on the lines above the field. */
	wl = ui_wrap(_("This list is protected by the password the "
	    "returning officer gave you."), COLS - 4, &nw);
	if (y < 1 + (int)nw)
		y = 1 + (int)nw;
	for (i = 0; i < nw; i++)
		ui_str(y - (int)nw + (int)i, 2, COLS - 4, wl[i], A_NORMAL, 0);
	ui_wrap_free(wl, nw);
	if (d->error != NULL)
		ui_str(y + 2, 2, COLS - 4, d->error, ui_attr(UI_ERROR), 0);
	if (d->checking)
		ui_str(y + 3, 2, COLS - 4, _("Checking the password..."),
		    A_NORMAL, 0);
	ui_line_draw(&d->line, y + 1, 2, COLS - 4, _("Archive password: "),
	    A_NORMAL);
	keys[0] = _("Enter");
	keys[1] = _("open");
	keys[2] = _("Esc");
	keys[3] = _("quit");
	keys[4] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
ui_pw_key(struct ui_screen *s, int code, int fn)
{
	struct ui_pw_data	*d = s->data;
	char			*cause = NULL;
	int			 r;

	if (!fn && code == 27) {
		s->result = -3;
		return (UI_CLOSE);
	}
	if (fn || (code != '\r' && code != '\n'))
		return (ui_line_key(&d->line, code, fn) != UI_LINE_IGNORED ?
		    UI_REDRAW : 0);
	if (d->line.len == 0)
		return (0);
	secret_set(d->pw, d->line.buf, d->line.len);
	ui_line_clear(&d->line);
	d->checking = 1;
	ui_draw_top();
	d->checking = 0;
	d->tried++;
	r = d->check(d->arg, d->pw, &cause);
	free(d->error);
	d->error = NULL;
	if (r == 0) {
		free(cause);
		s->result = 0;
		return (UI_CLOSE);
	}
	if (r == -2) {
		d->fatal = cause;
		s->result = -2;
		return (UI_CLOSE);
	}
	if (d->tried >= d->tries) {
		free(cause);
		s->result = -1;
		return (UI_CLOSE);
	}
	d->error = xasprintf(_("%s (attempt %u of %u)"),
	    cause != NULL ? cause : _("Wrong password"), d->tried + 1,
	    d->tries);
	free(cause);
	return (UI_REDRAW);
}

static const struct ui_screen_ops ui_pw_ops = {
	ui_pw_draw, ui_pw_key, NULL, NULL, NULL
};

/* Ask the archive password in a masked field, checking each try. */
int
ui_password(const char *title, struct secret *pw, unsigned tries,
    int (*check)(void *, const struct secret *, char **), void *arg,
    char **cause)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct ui_pw_data	 d;
	int			 r;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.line.masked = 1;
	d.pw = pw;
	d.tries = tries;
	d.check = check;
	d.arg = arg;
	s->ops = &ui_pw_ops;
	s->data = &d;
	r = ui_run(s);
	ui_line_clear(&d.line);
	free(d.error);
	if (r == -2 && cause != NULL)
		*cause = d.fatal;
	else
		free(d.fatal);
	return (r);
}

/* The lock: same password as opened the archive. */
static int
ui_lock_check(void *arg, const struct secret *typed, char **cause)
{
	const struct secret	*pw = arg;
	const char		*a = secret_str(typed), *b = secret_str(pw);
	size_t			 la = secret_len(typed), lb = secret_len(pw), i;
	unsigned char		 diff = la != lb;

	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	if (diff == 0)
		return (0);
	*cause = xstrdup(_("Wrong password"));
	return (-1);
}

/* Blank the electors until the password is typed again. */
static int
ui_lock(void)
{
	struct secret	*typed;
	int		 r, status;

	ui_locked = 1;
	if (ui_lock_pw == NULL || secret_len(ui_lock_pw) == 0) {
		/* No password to ask (a plain CSV): a yes shows the list. */
		do {
			r = ui_confirm(_("Screen locked"), _("The screen was "
			    "blanked after a long idle time, so that no one "
			    "reads the list over your shoulder."),
			    _("Show the list again? (y/n)"));
		} while (r != 1 && !ui_quitting(NULL));
		ui_locked = 0;
		ui_last_key = time(NULL);
		return (ui_quitting(&status) ? -1 : 0);
	}
	typed = secret_new();
	for (;;) {
		r = ui_password(_("Screen locked: type the archive password "
		    "again"), typed, 3, ui_lock_check, (void *)(uintptr_t)
		    ui_lock_pw, NULL);
		if (r == 0 || ui_quitting(NULL))
			break;
		if (r == -1 || r == -3) {
			/* Esc or three wrong tries: quit, never show. */
			ui_quit(EXIT_PASSWORD);
			break;
		}
	}
	secret_free(typed);
	ui_locked = 0;
	ui_last_key = time(NULL);
	return (ui_quitting(NULL) ? -1 : 0);
}
