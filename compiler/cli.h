/* cli.h: what the commands share: options, the pipeline (load → validate → model →
 * rules), printing diagnostics and output. Each command is a file cmd_*.c. */
#ifndef LOKET_CLI_H
#define LOKET_CLI_H

#include <stdio.h>

#include "catalogue.h"
#include "msg.h"
#include "standard.h"
#include "util.h"
#include "vocab.h"

#define LOKET_VERSION "0.1.0"
/* Where loket's README is published: SARIF links its rules there (informationUri,
 * helpUri: #rules for rule codes, #diagnostic-codes for the others). The project
 * has no public home yet; a publisher sets this to the README of its repository,
 * for example make CFLAGS='-DLOKET_DOCS_URL=\"https://git.example.org/loket/README.md\"'. */
#ifndef LOKET_DOCS_URL
#define LOKET_DOCS_URL "https://loket.example/README.md"
#endif

/* The text of --help (main.c). */
extern const char cli_usage_text[];

/* Print "loket: " fmt (with arg), a hint to --help, and exit with EXIT_USAGE. */
_Noreturn void usage_error(const char *fmt, const char *arg) __attribute__((format(printf, 1, 0)));

struct options {
	const char *format;      /* as given; each command checks it */
	const char *diagnostics; /* how diagnostics are printed: a name of msg_formats */
	int color, werror, quiet;
	const char *schema_dir, *policy, *output, *base_url, *paper, *products;
	unsigned jobs;                /* -j: threads for loading, validating and rendering */
	size_t max_diagnostics;       /* --max-diagnostics: 0 not given (the default), SIZE_MAX no limit */
	int strict, replace, no_wait; /* build: publish nothing on any error; the inputs are the
	                               * whole site; do not wait for another build's lock */
	const char *standard;         /* loket.yaml: the version of the standard the project pins */
	const char *config;           /* the project file in use (loket.yaml), or NULL */
};

/* Diagnostics shown per file unless --max-diagnostics says otherwise. */
enum { CLI_MAX_DIAGNOSTICS = 50 };
/* --max-diagnostics=N: N, or SIZE_MAX for 0 (no limit); a usage error otherwise. */
size_t cli_parse_max_diagnostics(const char *arg);
/* The cap for msg_cap: the default, N, or 0 for no limit. */
size_t cli_max_diagnostics(const struct options *o);

/* Ignore SIGPIPE and SIGXFSZ (the failed write is reported instead, exit status 3) and
 * check at exit that stdout was written in full. main calls it first. */
void cli_init(void);
/* Write data to -o FILE: a regular file (or a new one) is replaced atomically; a link is
 * followed to its file; a character device or FIFO is written into, never replaced;
 * anything else is refused. Returns EXIT_CLEAN, or EXIT_SYSTEM after a message. */
int cli_write_output(const char *path, const void *data, size_t len);
/* Write data to f (stdout or stderr) and flush, checked; EXIT_SYSTEM after a message. */
int cli_write_stream(FILE *f, const void *data, size_t len);

/* loket.yaml (config.c): read the project file at path ("none": no file; NULL: the nearest
 * loket.yaml from the current folder up) and fill in what the command line left unset
 * (color: the --color mode, NULL when not given). Exits with status 2 on an unknown key or
 * a wrong value (CFG001, with its line), 3 when the file cannot be read. */
void config_apply(struct options *o, const char *path, const char **color);
/* Exit (CFG001) when the project file pins a version that the standard st does not know. */
void config_check_standard(const struct options *o, const struct standard *st);

/* 1 when colour is wanted for mode auto|always|never (auto: a terminal, no NO_COLOR). */
int want_color(const char *mode);
/* Parse the options shared by the commands; returns the index of the first path. */
int parse_options(int argc, char **argv, struct options *o);
/* Load the standard and its vocabularies (v may be NULL), or exit. */
void load_standard(struct standard *st, struct vocab *v, const struct options *o);
/* Sort and print q as text on f, with carets from cat when given. */
void print_diagnostics(struct msgq *q, struct catalogue *cat, const struct options *o, FILE *f);
/* Print the diagnostics in the format o->diagnostics, to `file` (atomically; the
 * summary line still goes to `out`) or to `out`; returns the exit status. */
int print_check(struct msgq *q, struct catalogue *cat, const struct options *o, const char *file, FILE *out);
/* Write b to -o FILE (cli_write_output), or to stdout (checked); returns the exit status. */
int emit_output(const struct options *o, const struct buf *b);

/* Everything a command needs after the pipeline ran. */
struct run {
	struct standard st;
	struct vocab vocab;
	struct msgq q;
	struct catalogue cat;
};

/* The pipeline: load → validate → model → rules over argv[first..] (default:
 * catalogue/). Diagnostics collect, sorted, in r->q. Exits on a unusable standard. */
void run_pipeline(struct run *r, const struct options *o, int argc, char **argv, int first);
void run_free(struct run *r);
/* The first part of run_pipeline: the standard, vocabularies, policy and product list. */
void run_setup(struct run *r, const struct options *o);
/* A file whose text is in memory: an editor's unsaved buffer (not copied). */
struct run_buffer {
	const char *path, *data;
	size_t len;
};
/* The pipeline over files whose text is in memory (b[0] the file checked; the others its
 * agency.yaml when the editor has it open), after run_setup: the same stages and the same
 * diagnostics as check on that file; an agency.yaml not given is read from disk beside it.
 * Frees the previous files of r first. */
void run_pipeline_buffer(struct run *r, const struct options *o, const struct run_buffer *b, size_t n);
/* loket check as a stream (stream.c), after run_setup: the files under paths checked one
 * by one in path order on o->jobs threads, the report (o->diagnostics, to o->output or
 * out) written file by file; memory stays flat whatever the number of files. The same
 * bytes and exit status as run_pipeline followed by print_check. */
int stream_check(struct run *r, const struct options *o, char *const *paths, size_t npaths, FILE *out);
/* What loket build does with the files of the stream, at the writer (one thread, in path
 * order); every call may be NULL. */
struct stream_sink {
	void *arg;
	void (*input)(void *arg, const char *path); /* every file listed, first */
	/* Every agency.yaml, loaded and checked (q: its diagnostics, -Werror applied), in path
	 * order, before any service; then begin. */
	void (*agency)(void *arg, struct cat_file *f, const struct msgq *q);
	void (*begin)(void *arg);
	/* Each service once its diagnostics (q) are final and written. Returns 1 when it takes
	 * f (and frees it with cat_file_free, on any thread, before end returns), 0 when the
	 * stream frees it. */
	int (*service)(void *arg, struct cat_file *f, const struct msgq *q);
	/* After the last file; what it adds to late (diagnostics without a file) is written
	 * after the files' diagnostics. The agencies are freed after it. */
	void (*end)(void *arg, struct msg_counts counts, struct msgq *late);
};
/* stream_check with a sink, the report to the file report (NULL: out). */
int stream_run(struct run *r, const struct options *o, char *const *paths, size_t npaths, FILE *out, const char *report,
               const struct stream_sink *sink);
/* Free the files and diagnostics of r, keep the standard. */
void run_free_files(struct run *r);

/* The commands, one file each (cmd_*.c); argv[0] is the command's name. */
int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_vocab(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_lsp(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* The back-ends named in "html,json", as bits of render_backends; a usage error otherwise. */
unsigned build_parse_formats(const char *list);
int cmd_migrate(int argc, char **argv);
/* The standards team's subcommands of `loket schema` (cmd_schema_*.c); argv[0] is "schema". */
int cmd_schema_lint(int argc, char **argv);
int cmd_schema_diff(int argc, char **argv);
int cmd_schema_impact(int argc, char **argv);
int cmd_schema_doc(int argc, char **argv);

#endif
