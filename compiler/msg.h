/* msg.h: the message catalogue (msg.def) and the one emitter: queue, sort, print, count. */
#ifndef LOKET_MSG_H
#define LOKET_MSG_H

#include <stdio.h>

#include "node.h"

enum msg_sev { SEV_OFF, SEV_INFO, SEV_WARNING, SEV_ERROR, SEV__MAX };

enum msg_code {
#define CODE(code, sev, title, expl) CODE_##code,
#define MSG(id, code, text, hint)
#include "msg.def"
#undef CODE
#undef MSG
	CODE__MAX
};

enum msg_id {
#define CODE(code, sev, title, expl)
#define MSG(id, code, text, hint) MSG_##id,
#include "msg.def"
#undef CODE
#undef MSG
	MSG__MAX
};

enum msg_word {
#define CODE(code, sev, title, expl)
#define MSG(id, code, text, hint)
#define WORD(id, text) WORD_##id,
#include "msg.def"
#undef CODE
#undef MSG
#undef WORD
	WORD__MAX
};

struct diag {
	struct pos pos;
	enum msg_id id;
	enum msg_code code;
	enum msg_sev sev;
	char *text;
	char *hint;   /* NULL when the message has none */
	size_t seq;   /* order of emission: the last sort key, for stability */
	unsigned aux; /* for the emitting stage (the validator keeps the instance depth here) */
	/* Schema messages: the instance as a JSON pointer ("/channels/0/url"), so later stages
	 * know which part of the file failed (error recovery); NULL for other messages. */
	char *ptr;
	/* The text with the path in words, for people ("the first channel: 'url' is missing");
	 * the text format prints it, the machine formats print `text`. NULL: same as text. */
	char *words;
};

/* A queue of diagnostics. Stages add to it; main sorts and prints it once. */
struct msgq {
	struct diag *d;
	size_t n, cap;
};

/* The severity of each code after the policy; starts at the catalogue's defaults. */
extern enum msg_sev msg_policy[CODE__MAX];

/* Add a message. args is a NULL-terminated list that fills the %s of the text,
 * then of the hint; each is escaped and shortened here. A code whose severity is
 * off is dropped. */
void msg_add(struct msgq *q, enum msg_id id, struct pos pos, const char *const *args);
/* Whether msg_add formats the texts (on by default). Off (check -q in the text format, which
 * prints only counts), a diagnostic keeps its id, code, severity, position, pointer (msg_set_path)
 * and order, with text "" and no hint or words: for counting, not for printing. */
void msg_texts_needed(int on);
/* Whether msg_add fills the texts of a message kept under the policy: a caller may skip formatting
 * its arguments when not (check -q: only counts are printed). */
int msg_texts_wanted(enum msg_id id);
#define msg_emit(q, id, pos, ...) msg_add((q), (id), (pos), (const char *const[]){__VA_ARGS__, NULL})
#define msg_emit0(q, id, pos)     msg_add((q), (id), (pos), (const char *const[]){NULL})
/* The same with a hint given by the caller (already plain text; escaped here). */
void msg_add_hint(struct msgq *q, enum msg_id id, struct pos pos, const char *hint, const char *const *args);

/* A step of an instance path: a field name, or (key NULL) a 0-based list index. */
struct msg_seg {
	const char *key;
	size_t index;
};
/* Record on the last diagnostic of q, when it was added at or after index `from`, the
 * instance path it is about: its JSON pointer, and its text for people, where the path
 * `segs` (shown in the text as 'channels[0].url') is said in words. */
void msg_set_path(struct msgq *q, size_t from, const struct msg_seg *segs, size_t n, const char *extra);
/* The instance path as a reader writes it: channels[1].url, or "(top level)". Caller frees. */
char *msg_path_string(const struct msg_seg *segs, size_t n, const char *extra);

/* Move every diagnostic of src to the end of dst. */
void msg_merge(struct msgq *dst, struct msgq *src);
/* Drop diagnostics from index `from` on (for tentative validation). */
void msg_truncate(struct msgq *q, size_t from);
void msg_free(struct msgq *q);
/* Sort by file, line, column, code, then message text (so the order does not depend
 * on the order in which files were read), then emission order. */
void msg_sort(struct msgq *q);
/* -W: every warning becomes an error. */
void msg_promote_warnings(struct msgq *q);

struct msg_counts {
	size_t errors, warnings, infos, files;
};
struct msg_counts msg_count(const struct msgq *q, size_t files);

/* Finds the source text of a file for the caret display; NULL when unknown. */
typedef const char *(*msg_source_fn)(void *ctx, const char *file, size_t *len);

struct msg_print_opts {
	int color;
	msg_source_fn source;
	void *source_ctx;
	/* Wrap messages and hints longer than this many columns at spaces (lists of values or
	 * gaps), continuation lines indented; 0: one line each (pipes, files: grep, editors). */
	unsigned wrap;
};
/* The wrap width for a terminal: 100 columns, or COLUMNS when that is narrower (at least 40). */
unsigned msg_wrap_width(void);
void msg_print_text(FILE *f, const struct msgq *q, const struct msg_print_opts *o);
/* --max-diagnostics: a view of the sorted q with at most max diagnostics per file (0:
 * all), the rest of each file replaced by one LIM001 note that says how many of each
 * severity. The view shares q's texts (q must outlive it); counts and the exit status
 * stay q's. Free it with msg_cap_free. */
void msg_cap(const struct msgq *q, size_t max, struct msgq *view);
void msg_cap_free(struct msgq *view);
void msg_print_summary(FILE *f, struct msg_counts c, int color);

/* The diagnostic formats (msg_format.c): text, json, sarif, github, junit, gitlab. A
 * report is written file by file through a writer, so that `check` can stream; one
 * format is three functions plus a row of the table. */
struct msg_writer;
struct msg_writer_opts {
	/* Where the report goes, piece by piece; returns 0, or -1 when it failed. */
	int (*sink)(void *ctx, const char *p, size_t n);
	void *sink_ctx;
	const struct msg_print_opts *text; /* text: colour and source lines for the carets */
	const char *version;               /* loket's version (sarif) */
	const char *docs_url;              /* the published README, absolute (sarif links) */
	int quiet;                         /* text: the summary only */
};
struct msg_format {
	const char *name;
	void (*begin)(struct msg_writer *w);
	/* One file's diagnostics, sorted (file NULL: those without a file, first). */
	void (*file)(struct msg_writer *w, const char *file, const struct diag *d, size_t n);
	void (*end)(struct msg_writer *w, struct msg_counts c);
	int spooled; /* the totals come first: the body waits in a temporary file */
};
/* text, json, sarif, github, junit, gitlab; ends with a NULL name. */
extern const struct msg_format msg_formats[];
/* A format by name, or NULL. */
const struct msg_format *msg_format_find(const char *name);
struct msg_writer *msg_writer_new(const struct msg_format *fmt, const struct msg_writer_opts *o);
/* Every file in path order, also those without diagnostics (junit lists every file);
 * first the diagnostics without a file (file NULL, possibly none). d must stay valid
 * until msg_writer_end when file is NULL (sarif and junit place them in the head or
 * at the end). */
void msg_writer_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n);
/* The totals and the end of the report; frees w. Returns 0, or -1 when the sink or
 * the temporary file failed. */
int msg_writer_end(struct msg_writer *w, struct msg_counts c);

/* A whole report in memory (the commands other than check). */
struct msg_report {
	const struct msg_format *format;
	const struct msgq *q; /* sorted */
	struct msg_counts counts;
	const char *const *files; /* every file checked, with or without problems (junit) */
	size_t nfiles;
	const struct msg_print_opts *text; /* text: colour and source lines for the carets */
	const char *version;               /* loket's version (sarif) */
	const char *docs_url;              /* the published README, absolute (sarif links) */
	int quiet;                         /* text: the summary only */
};
void msg_report_write(struct buf *b, const struct msg_report *r);
/* The whole report as JSON into b. */
void msg_print_json(struct buf *b, const struct msgq *q, struct msg_counts c);

/* Catalogue lookups. */
/* The hint of a message template, or NULL when it has none. */
const char *msg_template_hint(enum msg_id id);
enum msg_code msg_id_code(enum msg_id id);
/* A word or phrase of the catalogue (WORD rows). */
const char *msg_word(enum msg_word w);
const char *msg_code_name(enum msg_code c);
/* Title and explanation in the chosen language (i18n.h). */
const char *msg_code_title(enum msg_code c);
const char *msg_code_explanation(enum msg_code c);
/* The title as msg.def has it, for identifiers that must not change with the language. */
const char *msg_code_title_untranslated(enum msg_code c);
enum msg_sev msg_code_default(enum msg_code c);
/* A code by name, or CODE__MAX. */
enum msg_code msg_code_find(const char *name);
/* Whether the policy may change this code's severity (rule codes only). */
int msg_code_is_rule(enum msg_code c);
/* The severity's name, for machines ("error"), and its word for people, translated. */
const char *msg_sev_name(enum msg_sev s);
const char *msg_sev_word(enum msg_sev s);
/* A severity by name ("off", "info", "warning", "error"), or SEV__MAX. */
enum msg_sev msg_sev_find(const char *name);

/* Escape control characters and shorten s to at most `max` code points, for
 * echoing agency text in a message. The caller frees the result. */
char *msg_quote(const char *s, size_t max);
/* The same over n bytes that may hold NUL. */
char *msg_quoten(const char *s, size_t n, size_t max);

#endif
