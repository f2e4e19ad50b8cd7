/* cmd_report.c: loket report: the digital-readiness report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "report.h"

int cmd_report(int argc, char **argv)
{
	struct options o = {.format = "text", .diagnostics = NULL};
	int first = parse_options(argc, argv, &o);
	enum report_format f = report_format_find(o.format);
	if (f == REPORT__MAX)
		usage_error(_("report --format takes text, json, csv or html, not '%s'"), o.format);
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);
	struct report rep;
	report_build(&rep, &r.cat);
	struct buf b = {0};
	report_write(&rep, f, &b);
	int status = emit_output(&o, &b);
	/* The diagnostics stay out of the report: only with --diagnostics, on stdout when
	 * the report went to a file, else on stderr. Without it, the files that could not
	 * be counted are named. */
	if (o.diagnostics) {
		int st = print_check(&r.q, &r.cat, &o, NULL, o.output ? stdout : stderr);
		status = status != EXIT_CLEAN ? status : st == EXIT_SYSTEM ? st : EXIT_CLEAN;
	} else if (!o.quiet && rep.total.invalid)
		fprintf(stderr,
		        i18n_ngettext("loket: %zu file could not be read or does not follow the schema, and is not "
		                      "counted; 'loket check' shows why\n",
		                      "loket: %zu files could not be read or do not follow the schema, and are not "
		                      "counted; 'loket check' shows why\n",
		                      rep.total.invalid),
		        rep.total.invalid);
	/* A path that cannot be read is named even without --diagnostics: exit status 3. */
	struct msgq sys = {0};
	for (size_t i = 0; i < r.q.n; i++)
		if (r.q.d[i].code == CODE_SYS001) {
			status = EXIT_SYSTEM;
			sys.d = xgrow(sys.d, &sys.cap, sys.n + 1, sizeof *sys.d);
			sys.d[sys.n++] = r.q.d[i]; /* borrowed: r.q frees the texts */
		}
	if (!o.diagnostics && sys.n) {
		struct msg_print_opts po = {0, NULL, NULL, 0};
		msg_print_text(stderr, &sys, &po);
	}
	free(sys.d);
	buf_free(&b);
	report_free(&rep);
	run_free(&r);
	return status;
}
