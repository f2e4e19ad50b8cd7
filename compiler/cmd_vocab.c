/* cmd_vocab.c: loket vocab import-upl: the UPL as the product vocabulary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "upl.h"

/* loket vocab import-upl FILE.csv [-o FILE]: the UPL as the YAML product vocabulary;
 * Annex II codes come from the built-in vocabulary (the UPL has no such column). */
int cmd_vocab(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import-upl") != 0)
		usage_error("%s", _("usage: loket vocab import-upl FILE.csv [-o FILE] [--schema-dir=DIR]"));
	struct options o = {.format = "text", .diagnostics = "text"};
	int first = parse_options(argc - 1, argv + 1, &o) + 1;
	if (first != argc - 1)
		usage_error("%s", _("vocab import-upl takes one CSV file"));
	const char *path = argv[first];
	struct standard st;
	struct vocab v;
	load_standard(&st, &v, &o);
	struct msgq q = {0};
	struct upl u;
	int rc = upl_read_file(&u, path, &q);
	print_diagnostics(&q, NULL, &o, stderr);
	msg_free(&q);
	int status = rc == -2 ? EXIT_SYSTEM : EXIT_INPUT;
	if (rc == 0) {
		struct buf b = {0};
		upl_write_yaml(&u, path, vocab_annex_ii, &v, &b);
		status = emit_output(&o, &b);
		buf_free(&b);
		if (status == EXIT_CLEAN && o.output && !o.quiet)
			fprintf(stderr,
			        i18n_ngettext("loket: %zu product from %zu rows written to %s\n",
			                      "loket: %zu products from %zu rows written to %s\n", u.n),
			        u.n, u.rows, o.output);
	}
	upl_free(&u);
	vocab_free(&v);
	standard_free(&st);
	return status;
}
