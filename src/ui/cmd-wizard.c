/*
 * cmd-wizard — `listelec` (and `listelec training`): the full-screen walk
 * from the portal's sign-in to the table of electors.  Screens: sign-in
 * (forgotten password, forced change), the confidentiality notice, the
 * menu of lists, the download's progress, the saved file; then the
 * archive is opened as `listelec open` does.  The portal walk itself is
 * portal.c; network steps run in a worker thread under a busy screen so
 * the terminal stays alive (resize, ^C) on a slow link.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/download.h"
#include "listelec/i18n.h"
#include "listelec/job.h"
#include "listelec/portal.h"
#include "listelec/secure.h"
#include "listelec/settings.h"
#include "listelec/ui.h"
#include "listelec/wizard.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define DEFAULT_PORTAL	"https://www.pes.electionsquebec.qc.ca/"
#define MAX_MAILS	16

/* Steps of the walk. */
enum step {
	STEP_SIGNIN,
	STEP_NOTICE,
	STEP_LISTS,
	STEP_OPEN,
	STEP_END,
};

struct wizard {
	const struct cmd_common		*common;
	const struct wizard_training	*training;
	struct portal			*p;
	char				*dir;
	char				*dir_note;
	char				 user[UI_LINE_MAX];
	int				 remember;
	char				*error;		/* for the next form */
	char				*info;
	char				*opened;	/* the saved list */
	char				*kept;	/* saved, not to open */
	int				 back;	/* Esc after a download */
	int				 status;
};

/* The simulated e-mails (training): kept until shown. */
static pthread_mutex_t	 mail_mu = PTHREAD_MUTEX_INITIALIZER;
static char		*mails[MAX_MAILS];
static size_t		 nmails;

void
wizard_mail(void *arg, const char *text)
{
	(void)arg;
	pthread_mutex_lock(&mail_mu);
	if (nmails < MAX_MAILS)
		mails[nmails++] = xstrdup(text);
	pthread_mutex_unlock(&mail_mu);
	ui_wake();
}

/* Show the e-mails that came (training only). */
static void
show_mails(void)
{
	const char	*lines[4 * MAX_MAILS + 4];
	char		*taken[MAX_MAILS], **wrapped[MAX_MAILS];
	size_t		 n, i, j, k = 0, nw[MAX_MAILS];

	pthread_mutex_lock(&mail_mu);
	n = nmails;
	memcpy(taken, mails, n * sizeof *taken);
	nmails = 0;
	pthread_mutex_unlock(&mail_mu);
	if (n == 0)
		return;
	lines[k++] = _("The practice portal sent this e-mail (in a real "
	    "campaign it arrives in your mailbox):");
	lines[k++] = "";
	for (i = 0; i < n; i++) {
		wrapped[i] = ui_wrap(taken[i], COLS - 4, &nw[i]);
		for (j = 0; j < nw[i] && k < sizeof lines / sizeof lines[0] - 2;
		    j++)
			lines[k++] = wrapped[i][j];
		lines[k++] = "";
	}
	(void)ui_pager(_("Simulated e-mail"), lines, k);
	for (i = 0; i < n; i++) {
		ui_wrap_free(wrapped[i], nw[i]);
		secure_wipe(taken[i], strlen(taken[i]));
		free(taken[i]);
	}
}

/*
 * The busy screen: a network step in a worker thread, its text and a
 * spinner until it is done.
 */
struct busy {
	const char		*title;
	const char		*text;
	enum portal_status	(*fn)(void *, char **);
	void			*arg;
	enum portal_status	 st;
	char			*cause;
	struct job		 job;
	unsigned		 spin;
};

static void
busy_main(struct job *j)
{
	struct busy	*b = j->arg;

	b->st = b->fn(b->arg, &b->cause);
}

static void
busy_draw(struct ui_screen *s)
{
	struct busy	*b = s->data;
	static const char spin[] = "|/-\\";
	char		*line;
	int		 y = LINES / 2;

	ui_str(0, 0, COLS, b->title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	line = xasprintf("%c %s", spin[b->spin % 4], b->text);
	ui_str(y, 2, COLS - 4, line, A_BOLD, 0);
	free(line);
	ui_cursor(y, 2);
}

static int
busy_key(struct ui_screen *s, int code, int fn)
{
	(void)s;
	(void)code;
	(void)fn;
	return (0);
}

static int
busy_tick(struct ui_screen *s)
{
	struct busy	*b = s->data;

	if (job_done(&b->job))
		return (UI_CLOSE);
	b->spin++;
	return (UI_REDRAW);
}

static const struct ui_screen_ops busy_ops = {
	busy_draw, busy_key, NULL, busy_tick, NULL
};

/* Run fn(arg) under the busy screen; its status (cause set on failure). */
static enum portal_status
busy(const char *title, const char *text,
    enum portal_status (*fn)(void *, char **), void *arg, char **cause)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct busy		 b;

	memset(&b, 0, sizeof b);
	b.title = title;
	b.text = text;
	b.fn = fn;
	b.arg = arg;
	job_start(&b.job, busy_main, &b, ui_wake);
	s->ops = &busy_ops;
	s->data = &b;
	(void)ui_run(s);
	/* Quitting (^C) still waits: the step ends within its timeouts. */
	job_join(&b.job);
	*cause = b.cause;
	return (b.st);
}

/* A screen of text with one button; returns 0, or -1 on Esc. */
static int
message(const char *title, const char *text, const char *button,
    int error)
{
	struct ui_field	 f[1];
	struct ui_form	 form;
	int		 r;

	memset(f, 0, sizeof f);
	memset(&form, 0, sizeof form);
	f[0].kind = UI_FIELD_BUTTON;
	f[0].label = button;
	f[0].id = 0;
	form.title = title;
	if (error)
		form.error = text;
	else
		form.intro = text;
	form.fields = f;
	form.nfields = 1;
	form.submit = 0;
	r = ui_form(&form);
	return (r < 0 ? -1 : 0);
}

/* The portal's title bar. */
static const char *
title_of(const struct wizard *w)
{
	return (w->training != NULL ? _("listelec - practice portal") :
	    _("listelec - Élections Québec portal"));
}

/* Steps run under busy(). */
/* The portal steps the busy screen runs, and what they take. */
enum net_step {
	NET_START,
	NET_SIGNIN,
	NET_FORGOT,
	NET_CHANGE,
	NET_OPEN_LISTS,
	NET_ACCEPT,
};
struct signin_args {
	struct wizard		*w;
	enum net_step		 step;
	struct secret		*pw;
	const char		*email;
	size_t			 question;
	const char		*answer;
};

/* Run a->step on the network (the busy screen's worker). */
static enum portal_status
net(void *arg, char **cause)
{
	struct signin_args	*a = arg;
	struct portal		*p = a->w->p;

	switch (a->step) {
	case NET_START:
		return (portal_start(p, cause));
	case NET_SIGNIN:
		return (portal_signin(p, a->w->user, a->pw, a->w->remember,
		    cause));
	case NET_FORGOT:
		return (portal_forgot(p, a->email, cause));
	case NET_CHANGE:
		return (portal_change(p, a->pw, a->question, a->answer,
		    cause));
	case NET_OPEN_LISTS:
		return (portal_open_lists(p, cause));
	case NET_ACCEPT:
		return (portal_accept_notice(p, cause));
	}
	return (PORTAL_UNEXPECTED);
}

/* The busy screen over one portal step. */
static enum portal_status
busy_step(const char *title, const char *text, struct signin_args *a,
    enum net_step step, char **cause)
{
	a->step = step;
	return (busy(title, text, net, a, cause));
}

/* Confirm the notice, then record it in the audit log. */
static enum portal_status
send_notice(struct signin_args *a, char **cause)
{
	char			*box, *why = NULL;
	const char		*f[5];
	enum portal_status	 st;

	box = xstrdup(portal_notice_checkbox(a->w->p));
	st = busy_step(_("Confidentiality notice"),
	    _("Sending the confirmation..."), a, NET_ACCEPT, cause);
	if (st == PORTAL_OK) {
		f[0] = "text";
		f[1] = box;
		f[2] = "by";
		f[3] = "wizard";
		f[4] = NULL;
		if (audit_record("notice", f, &why) != 0) {
			ui_message(1, _("warning: %s"), why);
			free(why);
		}
	}
	free(box);
	return (st);
}

/* Set the message for the next form (takes cause). */
static void
set_error(struct wizard *w, char *cause)
{
	free(w->error);
	w->error = cause;
}

/* A failure that ends the walk: shown, then the exit status. */
static int
stop_with(struct wizard *w, enum portal_status st, char *cause)
{
	int	 status;

	status = cmd_exit(CMD_FROM_PORTAL, st, portal_http_status(w->p));
	(void)message(title_of(w), cause != NULL ? cause :
	    _("the portal walk failed"), _("Quit"), 1);
	free(cause);
	return (status);
}

/* The forgotten-password form. */
static void
forgot(struct wizard *w)
{
	static const char *const help[] = {
		N_("Type the e-mail address of your portal account. The "
		    "portal sends a new temporary password to it; sign in "
		    "with it, and the portal then asks you to choose a new "
		    "password."),
		NULL,
	};
	const char		*hl[2] = { _(help[0]), NULL };
	struct ui_field		 f[3];
	struct ui_form		 form;
	struct signin_args	 a;
	enum portal_status	 st;
	char			*cause = NULL;
	int			 r;

	memset(f, 0, sizeof f);
	memset(&form, 0, sizeof form);
	f[0].kind = UI_FIELD_TEXT;
	f[0].label = _("E-mail address");
	f[1].kind = UI_FIELD_BUTTON;
	f[1].label = _("Send");
	f[1].id = 1;
	f[2].kind = UI_FIELD_BUTTON;
	f[2].label = _("Cancel");
	f[2].id = 2;
	if (w->training != NULL && w->training->email != NULL)
		ui_line_set(&f[0].line, w->training->email);
	form.title = _("Forgotten password");
	form.intro = _("The portal will send a new temporary password to the "
	    "e-mail address of your account.");
	form.help = hl;
	form.fields = f;
	form.nfields = 3;
	form.submit = 1;
	for (;;) {
		r = ui_form(&form);
		if (r != 1 || ui_quitting(NULL))
			break;
		if (f[0].line.len == 0) {
			form.error = _("Type the e-mail address first.");
			continue;
		}
		memset(&a, 0, sizeof a);
		a.w = w;
		a.email = f[0].line.buf;
		st = busy_step(form.title, _("Sending the request..."), &a,
		    NET_FORGOT, &cause);
		if (st == PORTAL_OK) {
			free(w->info);
			w->info = xstrdup(*portal_message(w->p) != '\0' ?
			    portal_message(w->p) : _("The portal sent the "
			    "e-mail."));
			free(cause);
			show_mails();
			break;
		}
		free(w->error);
		w->error = NULL;
		form.error = NULL;
		set_error(w, cause);
		cause = NULL;
		form.error = w->error;
	}
	ui_form_wipe(&form);
}

/* The secret questions, as a menu; the index, or -1. */
static long	 menu(const char *title, const char *intro, const char *const *,
		     size_t, long, const char *const *help);

/* The forced change at first sign-in; PORTAL_OK once changed. */
static enum portal_status
change(struct wizard *w, char **cause)
{
	static const char *const help[] = {
		N_("The portal asks for a new password: at first sign-in with "
		    "a temporary password, or when yours has expired. Type it "
		    "twice, choose a secret question and write its answer; "
		    "the portal uses them if you forget the password."),
		NULL,
	};
	const char		*hl[2] = { _(help[0]), NULL };
	const char		**qs;
	struct ui_field		 f[5];
	struct ui_form		 form;
	struct signin_args	 a;
	enum portal_status	 st = PORTAL_CHANGE;
	char			*err = NULL, *why = NULL, *qlabel = NULL;
	char			*rules;
	long			 q = -1;
	size_t			 i, nq = portal_nquestions(w->p);
	int			 r;

	/* Copies: the portal's strings go with its next page. */
	qs = xcalloc(nq + 1, sizeof *qs);
	for (i = 0; i < nq; i++)
		qs[i] = xstrdup(portal_question(w->p, i));
	memset(f, 0, sizeof f);
	memset(&form, 0, sizeof form);
	f[0].kind = UI_FIELD_SECRET;
	f[0].label = _("New password");
	f[1].kind = UI_FIELD_SECRET;
	f[1].label = _("New password again");
	f[2].kind = UI_FIELD_BUTTON;
	f[2].id = 3;
	f[3].kind = UI_FIELD_TEXT;
	f[3].label = _("Answer");
	f[4].kind = UI_FIELD_BUTTON;
	f[4].label = _("Save");
	f[4].id = 1;
	form.title = _("Choose a new password");
	rules = *portal_change_rules(w->p) != '\0' ?
	    xstrdup(portal_change_rules(w->p)) : NULL;
	form.intro = rules;
	form.help = hl;
	form.fields = f;
	form.nfields = 5;
	form.submit = 1;
	form.esc_label = _("cancel");
	for (;;) {
		free(qlabel);
		qlabel = xasprintf(_("Secret question: %s"), q >= 0 ?
		    qs[q] : _("(choose)"));
		f[2].label = qlabel;
		form.error = err;
		r = ui_form(&form);
		if (r < 0 || ui_quitting(NULL)) {
			*cause = xstrdup(_("the new password was not chosen"));
			break;
		}
		if (r == 3) {
			q = menu(_("Secret question"), _("Choose the question "
			    "whose answer you will remember."), qs, nq,
			    q >= 0 ? q : 0, NULL);
			form.focus = 3;
			continue;
		}
		free(err);
		err = NULL;
		if (f[0].line.len == 0 || strcmp(f[0].line.buf,
		    f[1].line.buf) != 0) {
			err = xstrdup(_("The two passwords differ (or are "
			    "empty): type them again."));
			ui_line_clear(&f[0].line);
			ui_line_clear(&f[1].line);
			form.focus = 0;
			continue;
		}
		if (q < 0) {
			err = xstrdup(_("Choose a secret question."));
			form.focus = 2;
			continue;
		}
		memset(&a, 0, sizeof a);
		a.w = w;
		a.pw = secret_new();
		secret_set(a.pw, f[0].line.buf, f[0].line.len);
		a.question = (size_t)q;
		a.answer = f[3].line.buf;
		st = busy_step(form.title, _("Saving the new password..."),
		    &a, NET_CHANGE, &why);
		secret_free(a.pw);
		if (st == PORTAL_OK)
			break;
		if (st != PORTAL_REFUSED) {
			*cause = why;
			break;
		}
		err = why;
		why = NULL;
		ui_line_clear(&f[0].line);
		ui_line_clear(&f[1].line);
		form.focus = 0;
	}
	ui_form_wipe(&form);
	free(err);
	free(qlabel);
	free(rules);
	for (i = 0; i < nq; i++)
		free((char *)(uintptr_t)qs[i]);
	free(qs);
	return (st);
}

/* The sign-in screen until signed in; PORTAL_OK, or the end. */
static enum portal_status
signin(struct wizard *w, char **cause)
{
	static const char *const help[] = {
		N_("Sign in with the user code and the password of your "
		    "Élections Québec portal account (Services en ligne)."),
		N_("Forgot your password? asks the portal to send a new "
		    "temporary password by e-mail."),
		N_("Remember the user code keeps it (never the password) in "
		    "your private settings file."),
		NULL,
	};
	const char		*hl[4] = { _(help[0]), _(help[1]), _(help[2]),
				    NULL };
	struct ui_field		 f[5];
	struct ui_form		 form;
	struct signin_args	 a;
	enum portal_status	 st;
	char			*why = NULL, *intro = NULL, *saved;
	int			 r;

	memset(f, 0, sizeof f);
	memset(&form, 0, sizeof form);
	f[0].kind = UI_FIELD_TEXT;
	f[0].label = _("User code");
	f[1].kind = UI_FIELD_SECRET;
	f[1].label = _("Password");
	f[2].kind = UI_FIELD_CHECK;
	f[2].label = _("Remember the user code");
	f[3].kind = UI_FIELD_BUTTON;
	f[3].label = _("Sign in");
	f[3].id = 1;
	f[4].kind = UI_FIELD_BUTTON;
	f[4].label = _("Forgot your password?");
	f[4].id = 2;
	if (*w->user != '\0')
		ui_line_set(&f[0].line, w->user);
	else if ((saved = settings_get("user")) != NULL) {
		ui_line_set(&f[0].line, saved);
		f[2].checked = 1;
		free(saved);
	}
	form.focus = f[0].line.len > 0 ? 1 : 0;
	if (w->training != NULL)
		intro = xasprintf(_("Practice portal: user code %s, password "
		    "%s. Nothing here is real."), w->training->user,
		    w->training->password);
	form.title = title_of(w);
	form.intro = intro;
	form.help = hl;
	form.fields = f;
	form.nfields = 5;
	form.submit = 1;
	form.esc_label = _("quit");
	for (;;) {
		form.error = w->error;
		form.info = w->info;
		r = ui_form(&form);
		if (ui_quitting(NULL)) {
			st = PORTAL_CANCELLED;
			break;
		}
		if (r < 0) {
			if (ui_confirm(title_of(w), _("Nothing was "
			    "downloaded."), _("Quit listelec? (y/n)"))) {
				st = PORTAL_CANCELLED;
				w->status = EXIT_OK;
				break;
			}
			continue;
		}
		free(w->info);
		w->info = NULL;
		if (r == 2) {
			set_error(w, NULL);
			forgot(w);
			form.focus = 0;
			continue;
		}
		if (f[0].line.len == 0 || f[1].line.len == 0) {
			set_error(w, xstrdup(f[0].line.len == 0 ?
			    _("Type your user code.") :
			    _("Type your password.")));
			form.focus = f[0].line.len == 0 ? 0 : 1;
			continue;
		}
		snprintf(w->user, sizeof w->user, "%s", f[0].line.buf);
		w->remember = f[2].checked;
		memset(&a, 0, sizeof a);
		a.w = w;
		a.pw = secret_new();
		secret_set(a.pw, f[1].line.buf, f[1].line.len);
		ui_line_clear(&f[1].line);
		st = busy_step(title_of(w), _("Signing in..."), &a, NET_SIGNIN,
		    &why);
		secret_free(a.pw);
		if (st == PORTAL_CHANGE) {
			free(why);
			why = NULL;
			st = change(w, &why);
		}
		if (st == PORTAL_OK) {
			char *c = NULL;

			(void)settings_set("user", w->remember ? w->user :
			    NULL, &c);
			free(c);
			set_error(w, NULL);
			break;
		}
		if (st == PORTAL_REFUSED || st == PORTAL_LOCKED ||
		    st == PORTAL_NET) {
			if (st == PORTAL_LOCKED) {
				set_error(w, xasprintf("%s\n%s", why,
				    _("Choose Forgot your password? to get "
				    "a new one.")));
				free(why);
				form.focus = 4;
			} else {
				set_error(w, why);
				form.focus = 1;
			}
			why = NULL;
			continue;	/* the form again, for the next try */
		}
		*cause = why;
		why = NULL;
		break;
	}
	ui_form_wipe(&form);
	free(intro);
	return (st);
}

/*
 * A menu on the list widget: numbered items, 1 to 9 select by number,
 * Enter chooses, Esc goes back (-1); the intro is wrapped above.
 */
struct menu {
	const char		*intro;
	const char *const	*help;
};

/* The intro, wrapped, below the title. */
static int
menu_head(void *arg, struct ui_list *l, int y)
{
	struct menu	*m = arg;
	char		**lines;
	size_t		 nl = 0, i;

	y++;
	if (m->intro == NULL)
		return (y);
	lines = ui_wrap(m->intro, COLS - 4, &nl);
	for (i = 0; i < nl && y < LINES / 2; i++, y++)
		ui_str(y, 2, COLS - 4, lines[i], A_NORMAL, 0);
	ui_wrap_free(lines, nl);
	return (y + 1);
}

/* The caller's help lines (translated, NULL-terminated). */
static size_t
menu_helpfn(void *arg, const char **lines, size_t max)
{
	struct menu	*m = arg;
	size_t		 n = 0;

	while (m->help != NULL && m->help[n] != NULL && n < max) {
		lines[n] = m->help[n];
		n++;
	}
	return (n);
}

static const struct ui_list_ops menu_ops = {
	menu_head, NULL, NULL, menu_helpfn, NULL, NULL
};

static long
menu(const char *title, const char *intro, const char *const *items,
    size_t n, long sel, const char *const *help)
{
	struct ui_list	*l;
	struct menu	 m;
	const char	*keys[7];
	size_t		 i;
	int		 r;

	if (n == 0)
		return (-1);
	m.intro = intro;
	m.help = help;
	l = ui_list_new(title, &menu_ops, &m, UI_LIST_NUMBERS);
	for (i = 0; i < n; i++)
		ui_list_add(l, items[i], 0, UI_LIST_NOTAG,
		    i < 9 ? '1' + (int)i : 0, NULL);
	if (sel >= 0)
		ui_list_set_current(l, (size_t)sel);
	keys[0] = ui_ascii() ? "Up/Dn" : "\xe2\x86\x91\xe2\x86\x93";
	keys[1] = _("choose");
	keys[2] = _("Enter");
	keys[3] = _("confirm");
	keys[4] = _("Esc");
	keys[5] = _("back");
	keys[6] = NULL;
	ui_list_set_keys(l, keys);
	r = ui_list_run(l);
	ui_list_free(l);
	return (r);
}

/*
 * The notice: the portal's text, scrollable, and its checkbox sentence
 * with [ ]; Space ticks, Enter continues once ticked, Esc goes back.
 */
struct notice {
	char		**lines;
	size_t		  n, top;
	const char	 *box;
	int		  ticked;
	int		  warned;
};

static void
notice_draw(struct ui_screen *s)
{
	struct notice	*d = s->data;
	const char	*keys[9];
	char		*row;
	int		 y, h = LINES - 5;
	size_t		 i;

	ui_str(0, 0, COLS, _("Confidentiality notice"),
	    ui_attr(UI_TITLE) | A_REVERSE, 1);
	if (h < 1)
		h = 1;
	for (y = 1, i = d->top; i < d->n && y < 1 + h; i++, y++)
		ui_str(y, 2, COLS - 4, d->lines[i], A_NORMAL, 0);
	if (d->top + (size_t)h < d->n)
		ui_str(1 + h - 1, COLS - 12, 10, _("(more)"), A_BOLD, 0);
	y = LINES - 3;
	row = xasprintf("%s %s", d->ticked ? "[x]" : "[ ]", d->box);
	ui_str(y, 2, COLS - 4, row, A_BOLD, 0);
	free(row);
	if (d->warned && !d->ticked)
		ui_str(y + 1, 2, COLS - 4, _("Tick the box with Space to "
		    "confirm, or press Esc to go back."), ui_attr(UI_ERROR), 0);
	ui_cursor(y, 3);
	keys[0] = _("Space");
	keys[1] = _("tick");
	keys[2] = _("Enter");
	keys[3] = _("continue");
	keys[4] = ui_ascii() ? "Up/Dn" : "\xe2\x86\x91\xe2\x86\x93";
	keys[5] = _("scroll");
	keys[6] = _("Esc");
	keys[7] = _("back");
	keys[8] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
notice_key(struct ui_screen *s, int code, int fn)
{
	struct notice	*d = s->data;
	size_t		 h = LINES > 6 ? (size_t)LINES - 5 : 1;
	size_t		 max = d->n > h ? d->n - h : 0;
	const char	*lines[4];

	if (fn) {
		if (code == KEY_F(1))
			code = '?';
		else if ((code = ui_list_key(code)) == 0)
			return (0);
	}
	switch (code) {
	case ' ':
	case 'x':
		d->ticked = !d->ticked;
		break;
	case '\r':
	case '\n':
		if (d->ticked) {
			s->result = 1;
			return (UI_CLOSE);
		}
		d->warned = 1;
		break;
	case 'j':
		if (d->top < max)
			d->top++;
		break;
	case 'k':
		if (d->top > 0)
			d->top--;
		break;
	case 6:
		d->top = d->top + h < max ? d->top + h : max;
		break;
	case 'b':
	case 2:
		d->top = d->top > h ? d->top - h : 0;
		break;
	case 'g':
		d->top = 0;
		break;
	case 'G':
		d->top = max;
		break;
	case 27:
		s->result = -1;
		return (UI_CLOSE);
	case '?':
		lines[0] = _("Read the portal's notice (Up, Down, PgUp, PgDn "
		    "scroll). Space ticks the confirmation; Enter continues "
		    "once it is ticked; Esc goes back to the sign-in.");
		lines[1] = _("Your confirmation is recorded in the audit log "
		    "(listelec audit).");
		(void)ui_pager(_("Help"), lines, 2);
		break;
	default:
		return (0);
	}
	return (UI_REDRAW);
}

static void
notice_resize(struct ui_screen *s)
{
	(void)s;
}

static const struct ui_screen_ops notice_ops = {
	notice_draw, notice_key, notice_resize, NULL, NULL
};

/* Show the notice; 1 accepted, -1 back. */
static int
notice(struct wizard *w)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct notice		 d;
	int			 r;

	memset(&d, 0, sizeof d);
	d.lines = ui_wrap(portal_notice_text(w->p), COLS - 4, &d.n);
	d.box = portal_notice_checkbox(w->p);
	s->ops = &notice_ops;
	s->data = &d;
	r = ui_run(s);
	ui_wrap_free(d.lines, d.n);
	return (r);
}

/* The download in a worker thread, with its progress screen. */
struct dl {
	struct wizard		*w;
	size_t			 item;
	const char		*title;
	struct portal_saved	 saved;
	enum portal_status	 st;
	char			*cause;
	struct job		 job;
	int			 asking;
};

static int
dl_progress(void *arg, int64_t now, int64_t total)
{
	struct dl	*d = arg;

	job_progress(&d->job, (uint64_t)now, total > 0 ? (uint64_t)total : 0,
	    0);
	return (job_cancelled(&d->job));
}

static void
dl_main(struct job *j)
{
	struct dl	*d = j->arg;

	d->st = portal_download(d->w->p, d->item, d->w->dir, dl_progress, d,
	    &d->saved, &d->cause);
}

static void
dl_draw(struct ui_screen *s)
{
	struct dl	*d = s->data;
	const char	*keys[5];
	char		 a[32], b[32], r[32], *line;
	uint64_t	 unow, utotal;
	int64_t		 now, total;
	double		 el, rate;
	int		 y = LINES / 2 - 2, bw = COLS - 4, fill, i;

	job_read(&d->job, &unow, &utotal, NULL);
	now = (int64_t)unow;
	total = utotal > 0 ? (int64_t)utotal : -1;
	el = job_elapsed(&d->job);
	rate = el > 0 ? (double)now / el : 0;
	ui_str(0, 0, COLS, _("Downloading"), ui_attr(UI_TITLE) | A_REVERSE, 1);
	if (y < 2)
		y = 2;
	ui_str(y - 1, 2, COLS - 4, d->title, A_BOLD, 0);
	if (bw > 2 && total > 0) {
		fill = (int)((double)(bw - 2) * (double)now / (double)total);
		move(y, 2);
		addch('[');
		for (i = 0; i < bw - 2; i++)
			addch(i < fill ? (ui_ascii() ? '#' : ACS_CKBOARD) :
			    ' ');
		addch(']');
	}
	text_human_bytes(a, sizeof a, now);
	text_human_bytes(r, sizeof r, (int64_t)rate);
	if (total > 0) {
		text_human_bytes(b, sizeof b, total);
		if (rate > 0 && now < total)
			line = xasprintf(_("%s of %s, %s/s, %.0f s left"), a, b,
			    r, (double)(total - now) / rate);
		else
			line = xasprintf(_("%s of %s, %s/s"), a, b, r);
	} else
		line = xasprintf(_("%s, %s/s"), a, r);
	ui_str(y + 1, 2, COLS - 4, line, A_NORMAL, 0);
	free(line);
	ui_str(y + 3, 2, COLS - 4, _("Each list can be downloaded only once: "
	    "listelec keeps what arrives, even if the link drops."),
	    A_NORMAL, 0);
	ui_cursor(y + 1, 2);
	keys[0] = "q";
	keys[1] = _("cancel");
	keys[2] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
dl_key(struct ui_screen *s, int code, int fn)
{
	struct dl	*d = s->data;

	if (fn || (code != 'q' && code != 27 && code != 'Q'))
		return (0);
	if (ui_confirm(_("Cancel the download?"), _("The portal counts a list "
	    "as downloaded once it has started: if you cancel, the portal "
	    "may refuse to send it again. What arrived is kept as a .partial "
	    "file."), _("Cancel the download? (y/n)")))
		job_cancel(&d->job);
	return (UI_REDRAW);
}

static int
dl_tick(struct ui_screen *s)
{
	struct dl	*d = s->data;

	if (job_done(&d->job))
		return (UI_CLOSE);
	return (UI_REDRAW);
}

static const struct ui_screen_ops dl_ops = {
	dl_draw, dl_key, NULL, dl_tick, NULL
};

/* Download item i; PORTAL_OK with the saved path in w->opened. */
static enum portal_status
download(struct wizard *w, size_t i, int *document, char **cause)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct dl		 d;
	char			 sz[32], *text;

	memset(&d, 0, sizeof d);
	d.w = w;
	d.item = i;
	d.title = portal_item(w->p, i)->title;
	*document = portal_item(w->p, i)->document;
	job_start(&d.job, dl_main, &d, ui_wake);
	s->ops = &dl_ops;
	s->data = &d;
	(void)ui_run(s);
	if (ui_quitting(NULL))
		job_cancel(&d.job);
	job_join(&d.job);
	if (d.st == PORTAL_OK) {
		text_human_bytes(sz, sizeof sz, d.saved.size);
		text = xasprintf(_("Saved: %s\nSize: %s\nSHA-256: %s\n\n%s"),
		    d.saved.path, sz, d.saved.sha256, *document ?
		    _("The document is saved; you can open it with a PDF "
		    "reader.") : _("Next: the archive password (from the "
		    "returning officer) opens the list."));
		/* Esc: back to the lists (the next delivery, say). */
		w->back = message(_("Download complete"), text, *document ?
		    _("Back to the lists") : _("Open the list"), 0) != 0;
		free(text);
		free(w->opened);
		w->opened = xstrdup(d.saved.path);
	} else {
		if (d.saved.path != NULL) {
			text = xasprintf(_("%s\n\nWhat arrived is kept in %s; "
			    "the portal may refuse a second download: keep "
			    "this file."), d.cause != NULL ? d.cause : "",
			    d.saved.path);
			free(d.cause);
			d.cause = text;
		}
		*cause = d.cause;
		d.cause = NULL;
	}
	portal_saved_clear(&d.saved);
	return (d.st);
}

/* The menu of lists until one is saved; PORTAL_OK, or the end. */
static enum portal_status
lists(struct wizard *w, char **cause)
{
	static const char *const help[] = {
		N_("The portal's documents and lists. Each list can be "
		    "downloaded only once: listelec saves it in a private "
		    "folder and never overwrites a file."),
		NULL,
	};
	const char		*hl[2] = { _(help[0]), NULL };
	const char		**items;
	char			*intro, *saved;
	enum portal_status	 st;
	size_t			 n = portal_nitems(w->p), i;
	long			 sel = 0;
	int			 document;

	/* Copies: a re-sign-in during a download brings a new page. */
	items = xcalloc(n + 1, sizeof *items);
	for (i = 0; i < n; i++)
		items[i] = xstrdup(portal_item(w->p, i)->title);
	intro = xasprintf(_("Choose a document or list to download into %s."),
	    w->dir);
	for (;;) {
		sel = menu(_("Lists of electors"), intro, items, n, sel, hl);
		if (sel < 0) {
			if (ui_quitting(NULL) || ui_confirm(_("Lists of "
			    "electors"), w->kept != NULL ? _("The list you "
			    "downloaded is saved; listelec open opens it.") :
			    _("No list was downloaded."),
			    _("Quit listelec? (y/n)"))) {
				st = PORTAL_CANCELLED;
				w->status = EXIT_OK;
				break;
			}
			sel = 0;
			continue;
		}
		st = download(w, (size_t)sel, &document, cause);
		if (st == PORTAL_OK && (document || w->back)) {
			saved = xasprintf(_("%s (saved)"),
			    portal_item(w->p, (size_t)sel)->title);
			free((char *)(uintptr_t)items[sel]);
			items[sel] = saved;
			if (!document) {
				free(w->kept);
				w->kept = w->opened;
				w->opened = NULL;
			}
			continue;
		}
		break;
	}
	for (i = 0; i < n; i++)
		free((char *)(uintptr_t)items[i]);
	free(items);
	free(intro);
	return (st);
}

/* The training's first screen. */
static int
welcome(const struct wizard *w)
{
	char	*text;
	int	 r;

	text = xasprintf(_("This is a practice portal on this computer, with "
	    "fictitious electors: nothing you do here reaches Élections "
	    "Québec.\n\nPractice user code: %s\nPractice password: %s\n"
	    "Archive password (given by the returning officer in a real "
	    "campaign): %s\n\nThe walk: sign in, read and confirm the "
	    "confidentiality notice, choose a list, download it, then open "
	    "it with the archive password."), w->training->user,
	    w->training->password, w->training->archive_password);
	r = message(_("listelec training"), text, _("Start"), 0);
	free(text);
	return (r);
}

int
wizard_run(const struct wizard_options *o, const struct cmd_common *common)
{
	struct wizard		 w;
	struct http_options	 ho;
	struct signin_args	 a;
	enum portal_status	 st;
	enum step		 step = STEP_SIGNIN;
	char			*cause = NULL;
	char			*argv[3];
	int			 status = EXIT_OK;

	memset(&w, 0, sizeof w);
	w.common = common;
	w.training = o->training;
	w.status = -1;
	memset(&ho, 0, sizeof ho);
	ho.ca_file = common->ca_file;
	ho.retries = 2;
	w.p = portal_new(o->url != NULL ? o->url : DEFAULT_PORTAL, &ho,
	    &cause);
	if (w.p == NULL) {
		msg_error("%s", cause);
		free(cause);
		return (EXIT_USAGE);
	}
	if ((w.dir = download_folder(o->dir, &w.dir_note, &cause)) == NULL) {
		msg_error("%s", cause);
		free(cause);
		portal_free(w.p);
		return (EXIT_KEEP);
	}
	if (ui_start(common->ascii, common->no_color, &cause) != 0) {
		ui_stop();
		msg_error("%s", cause);
		msg_note(_("Without a terminal, `listelec fetch` does the same "
		    "walk in line mode (listelec fetch --help)."));
		free(cause);
		portal_free(w.p);
		free(w.dir);
		return (EXIT_RUNTIME);
	}
	if (w.training != NULL && welcome(&w) != 0) {
		step = STEP_END;
		w.status = EXIT_OK;
	}
	memset(&a, 0, sizeof a);
	a.w = &w;
	while (step != STEP_END && !ui_quitting(NULL)) {
		switch (step) {
		case STEP_SIGNIN:
			st = busy_step(title_of(&w), _("Connecting to the "
			    "portal..."), &a, NET_START, &cause);
			if (st == PORTAL_NET) {
				set_error(&w, cause);
				cause = NULL;
			} else if (st != PORTAL_OK) {
				status = stop_with(&w, st, cause);
				cause = NULL;
				step = STEP_END;
				break;
			}
			st = signin(&w, &cause);
			if (st != PORTAL_OK) {
				if (w.status < 0 && !ui_quitting(NULL))
					status = stop_with(&w, st, cause);
				else
					free(cause);
				cause = NULL;
				step = STEP_END;
				break;
			}
			st = busy_step(title_of(&w), _("Opening the lists..."),
			    &a, NET_OPEN_LISTS, &cause);
			if (st != PORTAL_OK) {
				status = stop_with(&w, st, cause);
				cause = NULL;
				step = STEP_END;
				break;
			}
			step = portal_where(w.p) == PORTAL_PAGE_NOTICE ?
			    STEP_NOTICE : STEP_LISTS;
			break;
		case STEP_NOTICE:
			if (notice(&w) != 1) {
				step = STEP_SIGNIN;
				break;
			}
			st = send_notice(&a, &cause);
			if (st != PORTAL_OK) {
				status = stop_with(&w, st, cause);
				cause = NULL;
				step = STEP_END;
				break;
			}
			step = STEP_LISTS;
			break;
		case STEP_LISTS:
			st = lists(&w, &cause);
			if (st != PORTAL_OK) {
				if (w.status < 0 && !ui_quitting(NULL))
					status = stop_with(&w, st, cause);
				else
					free(cause);
				cause = NULL;
				step = STEP_END;
				break;
			}
			step = STEP_OPEN;
			break;
		case STEP_OPEN:
		case STEP_END:
			step = STEP_END;
			break;
		}
		if (w.opened != NULL)
			break;
	}
	if (ui_quitting(NULL))
		(void)ui_quitting(&status);
	else if (w.status >= 0)
		status = w.status;
	ui_stop();
	cmd_note_unlocked();
	portal_free(w.p);
	w.p = NULL;
	if (w.kept != NULL)
		msg_note(_("Saved %s. To open it: listelec open %s"), w.kept,
		    w.kept);
	if (w.opened != NULL && !ui_quitting(NULL)) {
		msg_note(_("Saved %s"), w.opened);
		argv[0] = (char *)"open";
		argv[1] = w.opened;
		argv[2] = NULL;
		status = cmd_open(2, argv, common);
	}
	free(w.opened);
	free(w.kept);
	free(w.error);
	free(w.info);
	free(w.dir);
	free(w.dir_note);
	return (status);
}

/* `listelec` alone: the wizard against --portal, LISTELEC_PORTAL or the
   real portal. */
int
cmd_wizard(int argc, char **argv, const struct cmd_common *common)
{
	struct wizard_options	 o;

	(void)argc;
	(void)argv;
	memset(&o, 0, sizeof o);
	o.url = common->portal;
	return (wizard_run(&o, common));
}
