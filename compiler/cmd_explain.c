/* cmd_explain.c: loket explain: the long explanation of diagnostic codes, and the list of
 * every code with its severity under the standard's policy and a local --policy. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

/* The code nearest to name (any case, at most two edits), for "did you mean", or CODE__MAX. */
static enum msg_code nearest_code(const char *name)
{
	char up[16];
	size_t n = strlen(name);
	if (n >= sizeof up)
		return CODE__MAX;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	enum msg_code best = CODE__MAX;
	size_t best_d = 3;
	for (int c = 0; c < CODE__MAX; c++) {
		size_t d = edit_distance(up, msg_code_name(c), best_d);
		if (d < best_d) {
			best_d = d;
			best = (enum msg_code)c;
		}
	}
	return best;
}

/* The severity of c in words: fixed (not a rule), by default (the standard's policy), or
 * changed by the local policy. */
static void print_severity(enum msg_code c, const enum msg_sev *standard)
{
	if (!msg_code_is_rule(c))
		printf(_("(%s; fixed: a policy cannot change it)"), msg_sev_word(msg_policy[c]));
	else if (msg_policy[c] == standard[c])
		printf(_("(%s by default)"), msg_sev_word(msg_policy[c]));
	else
		printf(_("(%s by the local policy; %s by default)"), msg_sev_word(msg_policy[c]),
		       msg_sev_word(standard[c]));
}

/* Print t wrapped at 78 columns. */
static void print_wrapped(const char *t)
{
	size_t col = 0;
	while (*t) {
		size_t w = strcspn(t, " "), width = utf8_count(t, w); /* columns: characters, not bytes */
		if (col && col + 1 + width > 78) {
			putchar('\n');
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		fwrite(t, 1, w, stdout);
		col += width;
		t += w;
		while (*t == ' ')
			t++;
	}
	putchar('\n');
}

/* loket explain [--policy=FILE] [--schema-dir=DIR] (--list | CODE...) */
int cmd_explain(int argc, char **argv)
{
	struct options o = {.format = "text", .diagnostics = "text"};
	int list = 0, ncodes = 0;
	char **codes = xcalloc((size_t)argc, sizeof *codes);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--list"))
			list = 1;
		else if (!strncmp(a, "--policy=", 9))
			o.policy = a + 9;
		else if (!strncmp(a, "--schema-dir=", 13))
			o.schema_dir = a + 13;
		else if ((!strcmp(a, "--policy") || !strcmp(a, "--schema-dir")) && i + 1 < argc)
			*(a[2] == 'p' ? &o.policy : &o.schema_dir) = argv[++i];
		else if (a[0] == '-')
			usage_error(_("unknown option '%s' of explain"), a);
		else
			codes[ncodes++] = argv[i];
	}
	if (!list && ncodes == 0)
		usage_error("%s", _("explain needs a code, such as SCH001, or --list"));
	for (int i = 0; i < ncodes; i++) {
		if (msg_code_find(codes[i]) != CODE__MAX)
			continue;
		enum msg_code near = nearest_code(codes[i]);
		if (near != CODE__MAX) {
			fprintf(stderr, _("loket: unknown code '%s'; did you mean '%s'?\n"), codes[i],
			        msg_code_name(near));
			fprintf(stderr, "%s\n", _("Try 'loket explain --list'."));
			exit(EXIT_USAGE);
		}
		usage_error(_("unknown code '%s'; 'loket explain --list' lists them"), codes[i]);
	}

	/* The severities: the standard's policy, then the local one (stricter only). */
	struct standard st;
	load_standard(&st, NULL, &o);
	enum msg_sev standard[CODE__MAX];
	memcpy(standard, msg_policy, sizeof standard);
	if (o.policy) {
		struct msgq q = {0};
		int rc = standard_local_policy(&st, o.policy, &q);
		print_diagnostics(&q, NULL, &o, stderr);
		msg_free(&q);
		if (rc != 0) {
			fprintf(stderr, _("loket: the policy %s cannot be used\n"), o.policy);
			exit(rc == -2 ? EXIT_SYSTEM : EXIT_USAGE);
		}
	}

	if (list) {
		int width = 0; /* the longest severity word of this language */
		for (int s = 0; s < SEV__MAX; s++)
			if ((int)strlen(msg_sev_word((enum msg_sev)s)) > width)
				width = (int)strlen(msg_sev_word((enum msg_sev)s));
		for (int c = 0; c < CODE__MAX; c++)
			printf("%s  %-*s  %s\n", msg_code_name(c), width, msg_sev_word(msg_policy[c]),
			       msg_code_title(c));
	}
	for (int i = 0; i < ncodes; i++) {
		enum msg_code c = msg_code_find(codes[i]);
		printf("%s%s: %s ", i > 0 || list ? "\n" : "", msg_code_name(c), msg_code_title(c));
		print_severity(c, standard);
		printf("\n\n");
		print_wrapped(msg_code_explanation(c));
	}
	free(codes);
	standard_free(&st);
	return cli_write_stream(stdout, NULL, 0);
}
