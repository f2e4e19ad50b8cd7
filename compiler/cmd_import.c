/* cmd_import.c: loket import sc FEED.xml -o FOLDER: a Samenwerkende Catalogi 4.0 feed
 * (load_sc.c) as service descriptions of the standard, one file per product, with an
 * empty field (a placeholder that loket check reports as missing) for every required
 * field SC cannot supply. Nothing is invented; existing files are not overwritten. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "load.h"
#include "load_sc.h"
#include "yaml_write.h"

#define IMPORT_USAGE N_("usage: loket import sc FEED.xml -o FOLDER [--force] [-q]")

/* An id of the standard: [a-z0-9]+(-[a-z0-9]+)*, 3 to 64 characters. */
static int is_slug(const char *s, size_t n)
{
	if (n < 3 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* A slug from a title: ASCII letters and digits kept (lowercase), the accented letters of
 * Dutch folded (é → e), everything else a single hyphen; at most 64 characters. */
static char *slug_of(const char *s)
{
	static const struct {
		const char *utf8;
		char ascii;
	} fold[] = {{"\xc3\xa0", 'a'}, {"\xc3\xa1", 'a'}, {"\xc3\xa4", 'a'}, {"\xc3\xa2", 'a'}, {"\xc3\xa8", 'e'},
	            {"\xc3\xa9", 'e'}, {"\xc3\xab", 'e'}, {"\xc3\xaa", 'e'}, {"\xc3\xaf", 'i'}, {"\xc3\xad", 'i'},
	            {"\xc3\xb3", 'o'}, {"\xc3\xb6", 'o'}, {"\xc3\xb4", 'o'}, {"\xc3\xba", 'u'}, {"\xc3\xbc", 'u'},
	            {"\xc3\xa7", 'c'}, {"\xc3\x89", 'e'}, {"\xc3\x8b", 'e'}};
	struct buf b = {0};
	int hyphen = 0;
	for (const char *p = s; p && *p && b.len < 64;) {
		char c = *p;
		size_t k = 1;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if ((unsigned char)c >= 0x80) {
			c = '-';
			for (size_t i = 0; i < sizeof fold / sizeof *fold; i++)
				if (!strncmp(p, fold[i].utf8, 2)) {
					c = fold[i].ascii;
					k = 2;
				}
		}
		p += k;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			hyphen = b.len > 0;
			continue;
		}
		if (hyphen)
			buf_addc(&b, '-');
		hyphen = 0;
		buf_addc(&b, c);
	}
	while (b.len && b.p[b.len - 1] == '-')
		b.len--;
	buf_addc(&b, '\0');
	return buf_take(&b);
}

/* The last path segment of a URL without fragment and extension ("…/paspoort.html" →
 * "paspoort"), when it is a slug with a letter in it; else NULL. A URL with a query
 * ("…/product?id=5") names its product in the query: NULL. */
static char *slug_of_url(const char *url)
{
	if (url == NULL || strchr(url, '?'))
		return NULL;
	size_t n = strcspn(url, "#");
	while (n && url[n - 1] == '/')
		n--;
	size_t start = n;
	while (start && url[start - 1] != '/')
		start--;
	const char *seg = url + start;
	size_t len = n - start;
	const char *dot = memchr(seg, '.', len);
	if (dot)
		len = (size_t)(dot - seg);
	if (!is_slug(seg, len) || strcspn(seg, "abcdefghijklmnopqrstuvwxyz") >= len)
		return NULL;
	return xstrndup(seg, len);
}

/* The id of a product: from its identifier URL, its title, its productID, or its place. */
static char *product_id(const struct sc_product *p, size_t index)
{
	char *id = slug_of_url(p->identifier);
	if (id)
		return id;
	id = slug_of(p->title);
	if (is_slug(id, strlen(id)))
		return id;
	free(id);
	if (p->product_id && is_slug(p->product_id, strlen(p->product_id)))
		return xstrdup(p->product_id);
	struct buf b = {0};
	buf_printf(&b, "product-%zu", index + 1);
	return buf_take(&b);
}

/* Text for a comment line: printable ASCII only. */
static void comment_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, (*s >= 0x20 && *s < 0x7f) ? *s : '?');
}

static void placeholder(struct buf *b, const char *key, const char *why, size_t *count)
{
	buf_printf(b, "%s:  # to write: %s\n", key, why);
	(*count)++;
}

static void field(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, "%s: ", key);
	yamlw_scalar(b, value);
	buf_addc(b, '\n');
}

static const char *agency_type(const char *scheme)
{
	static const struct {
		const char *scheme, *type;
	} map[] = {{"overheid:Gemeente", "municipality"},
	           {"overheid:Provincie", "province"},
	           {"overheid:Waterschap", "water-authority"},
	           {"overheid:Ministerie", "ministry"}};
	for (size_t i = 0; scheme && i < sizeof map / sizeof *map; i++)
		if (!strcmp(scheme, map[i].scheme))
			return map[i].type;
	return "other";
}

static void header(struct buf *b, const char *feed, const char *what)
{
	buf_adds(b, "# ");
	buf_adds(b, what);
	buf_adds(b, ", imported by loket import sc from the Samenwerkende Catalogi 4.0 feed ");
	const char *base = strrchr(feed, '/');
	comment_text(b, base ? base + 1 : feed);
	buf_adds(b, ".\n# SC 4.0 cannot carry every field of the standard: each field marked 'to write' is\n"
	            "# empty. Write it; until then loket check reports it as missing.\n");
}

static void agency_yaml(struct buf *b, const struct sc_feed *f, const char *feed, const char *id, size_t *count)
{
	const struct sc_product *p = &f->v[0];
	header(b, feed, "The agency");
	buf_adds(b, "standard: \"1.0\"\n");
	field(b, "id", id);
	if (p->authority) {
		field(b, "name", p->authority);
		field(b, "type", agency_type(p->authority_scheme));
	} else {
		placeholder(b, "name", "the agency's name: the feed has no overheid:authority", count);
		placeholder(b, "type", "municipality, province, water-authority, ministry, executive-agency or other",
		            count);
	}
	if (p->language)
		field(b, "language", p->language);
	else
		placeholder(b, "language", "the language of the agency's services: the feed has no dcterms:language",
		            count);
	placeholder(b, "website", "the agency's website: SC 4.0 does not carry it", count);
	placeholder(b, "contact", "phone, email, url or address of the agency: SC 4.0 does not carry them", count);
	if (p->authority_uri)
		field(b, "uri", p->authority_uri);
}

static void service_yaml(struct buf *b, const struct sc_product *p, const char *feed, const char *id,
                         const struct vocab *v, size_t *count)
{
	header(b, feed, "A service");
	buf_adds(b, "standard: \"1.0\"\n");
	field(b, "id", id);
	if (p->product_name)
		field(b, "product", p->product_name);
	else
		placeholder(b, "product", "the uniform product name (UPL): the feed names none (uniformeProductnaam)",
		            count);
	if (p->language)
		field(b, "language", p->language);
	field(b, "title", p->title);
	if (p->abstract)
		field(b, "summary", p->abstract);
	else
		placeholder(b, "summary", "one or two sentences: the feed has no dcterms:abstract", count);
	if (p->body) {
		buf_adds(b, "description: ");
		yamlw_text(b, p->body, 2);
		buf_addc(b, '\n');
	} else {
		placeholder(b, "description", "the description: the feed's body (productHTML) is empty", count);
	}
	if (p->citizen || p->business)
		buf_printf(b, "audience: [%s%s%s]\n", p->citizen ? "citizen" : "",
		           p->citizen && p->business ? ", " : "", p->business ? "business" : "");
	else
		placeholder(b, "audience", "[citizen], [business] or both: the feed has no dcterms:audience", count);
	placeholder(b, "costs", "SC 4.0 carries no costs: {free: true}, or items with amounts", count);
	const char *online = p->online;
	if (online && strcmp(online, "nee") && p->request_url) {
		int digid = !strcmp(online, "digid");
		buf_adds(b, "channels:  # from onlineAanvragen and aanvraagURL; add the other channels\n");
		buf_adds(b, "  - type: online\n    url: ");
		yamlw_scalar(b, p->request_url);
		buf_adds(b, digid ? "\n    can: [identify, submit]\n    identification: [digid]\n"
		                  : "\n    can: [submit]\n");
	} else if (online && strcmp(online, "nee")) {
		struct buf why = {0};
		buf_printf(&why,
		           "how to apply: the feed says it can be done online (onlineAanvragen: %s) but gives no "
		           "aanvraagURL",
		           online);
		placeholder(b, "channels", why.p, count);
		buf_free(&why);
	} else if (online) {
		placeholder(b, "channels",
		            "how to apply: the feed says it cannot be done online (onlineAanvragen: nee)", count);
	} else {
		placeholder(b, "channels", "how to apply: the feed does not say (no scmeta)", count);
	}
	if (p->contact_url) {
		buf_adds(b, "contact:\n  url: ");
		yamlw_scalar(b, p->contact_url);
		buf_addc(b, '\n');
	}
	buf_printf(b, "modified: \"%s\"\n", p->modified);
	/* An SDG service (by its product) must also give what SC 4.0 cannot carry: SDG001. */
	const struct product *pr = p->product_name ? vocab_product(v, p->product_name) : NULL;
	if (pr && (pr->annex_ii || pr->ninformation_areas))
		buf_adds(
		        b,
		        "# to write for an SDG service (SDG regulation, Art. 10): steps, processing_time, "
		        "no_response,\n"
		        "# redress; loket check reports each as missing (SDG001) once the fields above are written.\n");
}

/* Make a folder and its parents. Returns 0 or -1 (errno set). */
static int make_folders(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return 0;
}

struct out_file {
	char *path;
	struct buf text;
};

int cmd_import(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "sc") != 0)
		usage_error("%s", _(IMPORT_USAGE));
	const char *feed = NULL, *folder = NULL;
	int force = 0, quiet = 0;
	struct options o = {.format = "text", .diagnostics = "text"};
	o.color = want_color("auto");
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--force"))
			force = 1;
		else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
			quiet = 1;
		else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i == argc)
				usage_error("%s", _("-o needs a folder"));
			folder = argv[i];
		} else if (!strncmp(a, "--output=", 9))
			folder = a + 9;
		else if (!strncmp(a, "--color=", 8))
			o.color = want_color(a + 8);
		else if (a[0] == '-' && a[1])
			usage_error(_("unknown option '%s' of import sc"), a);
		else if (feed)
			usage_error("%s", _("import sc takes one feed"));
		else
			feed = a;
	}
	if (feed == NULL || folder == NULL)
		usage_error("%s", _(IMPORT_USAGE));
	/* The folder's name is the agency's id. */
	size_t flen = strlen(folder);
	while (flen > 1 && folder[flen - 1] == '/')
		flen--;
	char *dir = xstrndup(folder, flen);
	const char *agency = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	if (!is_slug(agency, strlen(agency)))
		usage_error(
		        _("the folder's name '%s' is not an agency id (3 to 64 lowercase letters, digits and single "
		          "hyphens): import into catalogue/<agency-id>/"),
		        agency);

	struct standard st;
	struct vocab v;
	load_standard(&st, &v, &o);
	struct msgq q = {0};
	struct sc_feed f;
	int rc = load_sc_file(&f, feed, &q);
	int status = rc == -2 ? EXIT_SYSTEM : rc != 0 ? EXIT_INPUT : EXIT_CLEAN;
	size_t nout = 0, placeholders = 0;
	struct out_file *out = NULL;
	if (rc == 0) {
		/* Every file first, then checks, then writes: a refused import writes nothing. */
		out = xcalloc(f.n + 1, sizeof *out);
		struct hmap used = {0};
		for (size_t i = 0; i < f.n; i++) {
			char *id = product_id(&f.v[i], i);
			for (unsigned k = 2; hmap_get(&used, id, strlen(id)) || !strcmp(id, "agency"); k++) {
				char *base = product_id(&f.v[i], i);
				struct buf b = {0};
				buf_printf(&b, "%.*s-%u", 58, base, k);
				free(base);
				free(id);
				id = buf_take(&b);
			}
			hmap_put(&used, id, strlen(id), id);
			struct buf path = {0};
			buf_printf(&path, "%s/%s.yaml", dir, id);
			out[nout].path = buf_take(&path);
			service_yaml(&out[nout].text, &f.v[i], feed, id, &v, &placeholders);
			if (out[nout].text.len > LOAD_MAX_BYTES) { /* check could not read it */
				char got[32], lim[32];
				snprintf(got, sizeof got, "%zu", out[nout].text.len);
				snprintf(lim, sizeof lim, "%d", LOAD_MAX_BYTES);
				msg_emit(&q, MSG_XML003_PRODUCT, f.v[i].pos, got, lim);
				status = EXIT_INPUT;
			}
			nout++;
		}
		for (size_t i = 0; i < used.cap; i++)
			free((void *)used.slots[i].value);
		hmap_free(&used);
		struct buf path = {0};
		buf_printf(&path, "%s/agency.yaml", dir);
		struct stat sb;
		if (lstat(path.p, &sb) != 0) { /* an existing agency.yaml is the agency's own: kept */
			out[nout].path = buf_take(&path);
			agency_yaml(&out[nout].text, &f, feed, agency, &placeholders);
			nout++;
		}
		buf_free(&path);
		for (size_t i = 0; i < nout && !force; i++)
			if (lstat(out[i].path, &sb) == 0) {
				msg_emit(&q, MSG_IMP001, ((struct pos){out[i].path, 0, 0}), out[i].path);
				status = EXIT_INPUT;
			}
		if (status == EXIT_CLEAN && make_folders(dir) != 0) {
			msg_emit(&q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), dir, i18n_strerror(errno));
			status = EXIT_SYSTEM;
		}
		for (size_t i = 0; i < nout && status == EXIT_CLEAN; i++)
			if (write_file_atomic(out[i].path, out[i].text.p, out[i].text.len) != 0) {
				msg_emit(&q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), out[i].path,
				         i18n_strerror(errno));
				status = EXIT_SYSTEM;
			}
	}
	print_diagnostics(&q, NULL, &o, stdout);
	if (status == EXIT_CLEAN && !quiet) {
		char fields[64];
		snprintf(fields, sizeof fields, i18n_ngettext("%zu field", "%zu fields", placeholders), placeholders);
		fprintf(stderr,
		        i18n_ngettext(
		                "loket: %zu product of %s imported into %s/ with %s to write; run: loket check %s\n",
		                "loket: %zu products of %s imported into %s/ with %s to write; run: loket check %s\n",
		                f.n),
		        f.n, feed, dir, fields, dir);
	}
	for (size_t i = 0; i < nout; i++) {
		free(out[i].path);
		buf_free(&out[i].text);
	}
	free(out);
	msg_free(&q);
	load_sc_free(&f);
	vocab_free(&v);
	standard_free(&st);
	free(dir);
	return status;
}
