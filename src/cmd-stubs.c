/* Temporary until the core commands land. */
#include "config.h"
#include <stdio.h>
#include <stdarg.h>
#include "listelec/cmd.h"
#include "listelec/secure.h"
#include "listelec/ui.h"
int cmd_info(int c, char **v, const struct cmd_common *m) { (void)c; (void)v; (void)m; return 1; }
int cmd_query(int c, char **v, const struct cmd_common *m) { (void)c; (void)v; (void)m; return 1; }
int cmd_audit(int c, char **v, const struct cmd_common *m) { (void)c; (void)v; (void)m; return 1; }
void msg_init(int a) { (void)a; }
void msg_error(const char *f, ...) { va_list ap; va_start(ap, f); vfprintf(stderr, f, ap); va_end(ap); fputc('\n', stderr); }
void msg_note(const char *f, ...) { va_list ap; va_start(ap, f); vfprintf(stderr, f, ap); va_end(ap); fputc('\n', stderr); }
void msg_printf(FILE *o, const char *f, ...) { va_list ap; va_start(ap, f); vfprintf(o, f, ap); va_end(ap); }
void ui_end(void) {}
