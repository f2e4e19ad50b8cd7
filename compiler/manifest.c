/* manifest.c: the build manifest, read (through the YAML loader: JSON is YAML) and written
 * (through json.c). Nothing else reads or writes it. */
#include "manifest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "jsonrpc.h"

const char *const *manifest_format_names;
const char *const *manifest_format_dirs;
size_t manifest_nformats;

static void hex_digest(const unsigned char *md, manifest_hash out);

void manifest_hash_bytes(const void *p, size_t n, manifest_hash out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		die("SHA-256 is not available");
	hex_digest(md, out);
}

void manifest_hash_begin(struct manifest_hasher *h)
{
	h->md = EVP_MD_CTX_new();
	if (h->md == NULL || EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
		die("SHA-256 is not available");
}

void manifest_hash_add(struct manifest_hasher *h, const void *p, size_t n)
{
	if (EVP_DigestUpdate(h->md, p, n) != 1)
		die("SHA-256 is not available");
}

void manifest_hash_end(struct manifest_hasher *h, manifest_hash out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (out && (EVP_DigestFinal_ex(h->md, md, &len) != 1 || len != 32))
		die("SHA-256 is not available");
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
	if (out)
		hex_digest(md, out);
}

static void hex_digest(const unsigned char *md, manifest_hash out)
{
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = 0;
}

void manifest_files_add(struct manifest_files *f, const char *path, const char *hash)
{
	if (f->n == f->cap) { /* a service has a few files: no room for eight */
		f->cap = f->cap ? 2 * f->cap : 2;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n].path = xstrdup(path);
	snprintf(f->v[f->n].hash, sizeof f->v[f->n].hash, "%s", hash);
	f->n++;
}

static void files_free(struct manifest_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof *f);
}

struct manifest_service *manifest_add_service(struct manifest *m)
{
	m->services = xgrow(m->services, &m->cap, m->nservices + 1, sizeof *m->services);
	struct manifest_service *s = &m->services[m->nservices++];
	memset(s, 0, sizeof *s);
	return s;
}

void manifest_service_free(struct manifest_service *s)
{
	free(s->agency);
	free(s->id);
	free(s->source);
	free(s->published);
	free(s->stale);
	files_free(&s->files);
	free(s->title);
	free(s->product);
	free(s->level);
	free(s->modified);
	for (size_t i = 0; i < s->nlife_events; i++)
		free(s->life_events[i]);
	free(s->life_events);
	memset(s, 0, sizeof *s);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->nservices; i++)
		manifest_service_free(&m->services[i]);
	free(m->services);
	for (size_t i = 0; i < m->nagencies; i++) {
		free(m->agencies[i].id);
		free(m->agencies[i].name);
		free(m->agencies[i].source);
	}
	free(m->agencies);
	files_free(&m->files);
	free(m->date);
	free(m->loket_version);
	free(m->standard);
	free(m->base_url);
	free(m->paper);
	memset(m, 0, sizeof *m);
}

/* ---- writing ---- */

static void kv_hash(struct json *j, const char *key, const char *hash)
{
	json_kv_nullable(j, key, *hash ? hash : NULL);
}

static void write_formats(struct json *j, unsigned bits)
{
	json_arr_begin(j);
	for (size_t i = 0; i < manifest_nformats; i++)
		if (bits & (1u << i))
			json_str(j, manifest_format_names[i]);
	json_arr_end(j);
}

static void write_files(struct json *j, const struct manifest_files *f)
{
	json_arr_begin(j);
	for (size_t i = 0; i < f->n; i++) {
		json_obj_begin(j);
		json_kv_str(j, "path", f->v[i].path);
		json_kv_str(j, "sha256", f->v[i].hash);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_service(struct json *j, const struct manifest_service *s)
{
	json_obj_begin(j);
	json_kv_str(j, "agency", s->agency);
	json_kv_str(j, "id", s->id);
	json_kv_str(j, "source", s->source);
	json_kv_str(j, "published", s->published);
	json_kv_nullable(j, "stale", s->stale);
	json_key(j, "inputs");
	json_obj_begin(j);
	kv_hash(j, "description", s->description);
	kv_hash(j, "agency", s->agency_file);
	kv_hash(j, "all", s->inputs);
	json_obj_end(j);
	json_key(j, "formats");
	write_formats(j, s->formats);
	json_key(j, "entry");
	json_obj_begin(j);
	json_kv_str(j, "title", s->title);
	json_kv_str(j, "product", s->product);
	json_kv_str(j, "level", s->level);
	json_key(j, "audience");
	json_arr_begin(j);
	if (s->citizens)
		json_str(j, "citizens");
	if (s->businesses)
		json_str(j, "businesses");
	json_arr_end(j);
	json_key(j, "life_events");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nlife_events; i++)
		json_str(j, s->life_events[i]);
	json_arr_end(j);
	json_kv_nullable(j, "modified", s->modified);
	json_obj_end(j);
	json_key(j, "files");
	write_files(j, &s->files);
	json_obj_end(j);
}

int manifest_write(const struct manifest *m, const char *path)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	json_obj_begin(&j);
	json_kv_int(&j, "manifest_version", MANIFEST_VERSION);
	json_kv_int(&j, "generation", m->generation);
	json_kv_str(&j, "date", m->date);
	json_key(&j, "inputs");
	json_obj_begin(&j);
	json_kv_str(&j, "loket", m->loket_version);
	kv_hash(&j, "loket_binary", m->binary);
	json_kv_str(&j, "standard", m->standard);
	kv_hash(&j, "schema_dir", m->schema_dir);
	kv_hash(&j, "policy", m->policy);
	kv_hash(&j, "products", m->products);
	json_kv_nullable(&j, "base_url", m->base_url);
	json_kv_nullable(&j, "paper", m->paper);
	kv_hash(&j, "all", m->options);
	json_obj_end(&j);
	json_key(&j, "formats");
	write_formats(&j, m->formats);
	json_key(&j, "agencies");
	json_arr_begin(&j);
	for (size_t i = 0; i < m->nagencies; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "id", m->agencies[i].id);
		json_kv_str(&j, "name", m->agencies[i].name);
		json_kv_str(&j, "source", m->agencies[i].source);
		kv_hash(&j, "sha256", m->agencies[i].hash);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "services");
	json_arr_begin(&j);
	for (size_t i = 0; i < m->nservices; i++)
		write_service(&j, &m->services[i]);
	json_arr_end(&j);
	json_key(&j, "files");
	write_files(&j, &m->files);
	json_obj_end(&j);
	buf_addc(&b, '\n');
	int rc = write_file_atomic(path, b.p, b.len);
	buf_free(&b);
	return rc;
}

/* ---- reading ---- */

static char *dup_str(const struct node *m, const char *key)
{
	const char *s = node_get_str(m, key);
	return s ? xstrdup(s) : NULL;
}

/* A hash under key: 64 hex digits, or null/absent (""). Returns 0, or -1 when malformed. */
static int get_hash(const struct node *m, const char *key, manifest_hash out)
{
	const struct node *v = node_get(m, key);
	out[0] = 0;
	if (v == NULL || v->kind == NODE_NULL)
		return 0;
	if (v->kind != NODE_STR || v->len != 64 || strspn(v->str, "0123456789abcdef") != 64)
		return -1;
	memcpy(out, v->str, 65);
	return 0;
}

static int get_formats(const struct node *list, unsigned *bits)
{
	*bits = 0;
	if (list == NULL || list->kind != NODE_SEQ)
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		size_t k = 0;
		while (k < manifest_nformats &&
		       (list->kids[i]->kind != NODE_STR || strcmp(list->kids[i]->str, manifest_format_names[k]) != 0))
			k++;
		if (k == manifest_nformats)
			return -1;
		*bits |= 1u << k;
	}
	return 0;
}

/* A path below a generation as loket writes them: a back-end's folder (html/, json/,
 * leaflets/, sc/: manifest_format_dirs), then plain names ([A-Za-z0-9._-], not starting with a
 * dot). A manifest is read from the output folder: nothing in it may point a link outside
 * the generation. */
static int safe_path(const char *path)
{
	size_t k = 0, dir = 0;
	while (k < manifest_nformats && !((dir = strlen(manifest_format_dirs[k])) &&
	                                  !strncmp(path, manifest_format_dirs[k], dir) && path[dir] == '/'))
		k++;
	if (k == manifest_nformats)
		return 0;
	for (const char *s = path; *s;) {
		size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
		if (n == 0 || s[0] == '.' || (s[n] != '/' && s[n] != 0) || (s[n] == '/' && s[n + 1] == 0))
			return 0;
		s += n + (s[n] == '/');
	}
	return 1;
}

/* An id as the standard allows it ([a-z0-9-], 1 to 64): it names folders of the generation. */
static int safe_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	return n >= 1 && n <= 64 && strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == n && id[0] != '-';
}

static int get_files(const struct node *list, struct manifest_files *f)
{
	if (list == NULL || list->kind != NODE_SEQ)
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		const char *path = node_get_str(list->kids[i], "path");
		manifest_hash h;
		if (path == NULL || !safe_path(path) || get_hash(list->kids[i], "sha256", h) != 0 || !*h)
			return -1;
		manifest_files_add(f, path, h);
	}
	return 0;
}

static int read_service(struct manifest_service *s, const struct node *n)
{
	const struct node *in = node_get(n, "inputs"), *entry = node_get(n, "entry");
	s->agency = dup_str(n, "agency");
	s->id = dup_str(n, "id");
	s->source = dup_str(n, "source");
	s->published = dup_str(n, "published");
	s->stale = dup_str(n, "stale");
	s->title = dup_str(entry, "title");
	s->product = dup_str(entry, "product");
	s->level = dup_str(entry, "level");
	s->modified = dup_str(entry, "modified");
	const struct node *aud = node_get(entry, "audience"), *ev = node_get(entry, "life_events");
	for (size_t i = 0; aud && aud->kind == NODE_SEQ && i < aud->n; i++) {
		s->citizens |= aud->kids[i]->kind == NODE_STR && !strcmp(aud->kids[i]->str, "citizens");
		s->businesses |= aud->kids[i]->kind == NODE_STR && !strcmp(aud->kids[i]->str, "businesses");
	}
	if (ev && ev->kind == NODE_SEQ && ev->n) {
		s->life_events = xcalloc(ev->n, sizeof *s->life_events);
		for (size_t i = 0; i < ev->n; i++)
			if (ev->kids[i]->kind == NODE_STR)
				s->life_events[s->nlife_events++] = xstrdup(ev->kids[i]->str);
	}
	if (!safe_id(s->agency) || !safe_id(s->id) || !s->source || !s->published ||
	    get_hash(in, "description", s->description) || get_hash(in, "agency", s->agency_file) ||
	    get_hash(in, "all", s->inputs) || get_formats(node_get(n, "formats"), &s->formats) ||
	    get_files(node_get(n, "files"), &s->files))
		return -1;
	return 0;
}

/* Everything but the services (read one by one: read_services). */
static int read_tree(struct manifest *m, const struct node *r)
{
	const struct node *v = node_get(r, "manifest_version"), *gen = node_get(r, "generation");
	if (v == NULL || v->kind != NODE_INT || v->num != MANIFEST_VERSION || gen == NULL || gen->kind != NODE_INT ||
	    gen->num < 1 || gen->num > 4e9)
		return -1;
	m->generation = (unsigned)gen->num;
	m->date = dup_str(r, "date");
	const struct node *in = node_get(r, "inputs");
	m->loket_version = dup_str(in, "loket");
	m->standard = dup_str(in, "standard");
	m->base_url = dup_str(in, "base_url");
	m->paper = dup_str(in, "paper");
	if (get_hash(in, "loket_binary", m->binary) || get_hash(in, "schema_dir", m->schema_dir) ||
	    get_hash(in, "policy", m->policy) || get_hash(in, "products", m->products) ||
	    get_hash(in, "all", m->options) || get_formats(node_get(r, "formats"), &m->formats) ||
	    get_files(node_get(r, "files"), &m->files))
		return -1;
	const struct node *ag = node_get(r, "agencies");
	if (ag == NULL || ag->kind != NODE_SEQ)
		return -1;
	m->agencies = xcalloc(ag->n ? ag->n : 1, sizeof *m->agencies);
	for (size_t i = 0; i < ag->n; i++, m->nagencies++) {
		struct manifest_agency *a = &m->agencies[i];
		a->id = dup_str(ag->kids[i], "id");
		a->name = dup_str(ag->kids[i], "name");
		a->source = dup_str(ag->kids[i], "source");
		if (!safe_id(a->id) || !a->source || get_hash(ag->kids[i], "sha256", a->hash) != 0) {
			m->nagencies++;
			return -1;
		}
	}
	return 0;
}

/* A manifest of 100,000 services is about 130 MB of JSON: it is not made one tree. The
 * top-level members are cut apart (skip_value), everything but "services" is parsed as one
 * object, and each service on its own, then freed. Every part is parsed strictly
 * (jsonrpc_parse): cutting only finds where a value ends. */

static size_t skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	return i;
}

/* Where the value at s[i] ends; 0 when it does not (a malformed text). */
static size_t skip_value(const char *s, size_t n, size_t i)
{
	size_t depth = 0;
	do {
		if (i >= n)
			return 0;
		char c = s[i];
		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				i += s[i] == '\\';
			if (i >= n)
				return 0;
			i++;
		} else if (c == '{' || c == '[') {
			depth++, i++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return 0;
			depth--, i++;
		} else if (depth == 0) { /* a number or a literal */
			size_t from = i;
			while (i < n && !strchr(",}] \n\r\t", s[i]))
				i++;
			return i > from ? i : 0;
		} else {
			i++;
		}
	} while (depth > 0);
	return i;
}

/* The services array at s[from, to): each element parsed and read, then freed. */
static int read_services(struct manifest *m, const char *s, size_t from, size_t to)
{
	size_t i = skip_blank(s, to, from);
	if (i >= to || s[i] != '[')
		return -1;
	i = skip_blank(s, to, i + 1);
	if (i < to && s[i] == ']')
		return skip_blank(s, to, i + 1) == to ? 0 : -1;
	for (;;) {
		size_t end = skip_value(s, to, i);
		if (end == 0)
			return -1;
		struct arena a = {0};
		const char *err;
		struct node *n = jsonrpc_parse(&a, s + i, end - i, &err);
		int rc = n && n->kind == NODE_MAP ? read_service(manifest_add_service(m), n) : -1;
		arena_free(&a);
		if (rc != 0)
			return -1;
		i = skip_blank(s, to, end);
		if (i < to && s[i] == ']')
			return skip_blank(s, to, i + 1) == to ? 0 : -1;
		if (i >= to || s[i] != ',')
			return -1;
		i = skip_blank(s, to, i + 1);
	}
}

static int read_text(struct manifest *m, const char *s, size_t n);

enum { MAX_TOP_KEYS = 32 }; /* a manifest has ten */

int manifest_parse(struct manifest *m, const char *s, size_t n)
{
	memset(m, 0, sizeof *m);
	int rc = read_text(m, s, n);
	if (rc != 0)
		manifest_free(m);
	return rc;
}

static int read_text(struct manifest *m, const char *s, size_t n)
{
	size_t i = skip_blank(s, n, 0), svc_from = 0, svc_to = 0;
	if (i >= n || s[i] != '{')
		return -1;
	struct buf top = {0};
	buf_addc(&top, '{');
	i = skip_blank(s, n, i + 1);
	int rc = -1;
	size_t keys[2 * MAX_TOP_KEYS], nkeys = 0; /* each key once, as the old reader wanted */
	while (i < n && s[i] != '}') {
		size_t key = i, key_end = s[i] == '"' ? skip_value(s, n, i) : 0;
		size_t colon = key_end ? skip_blank(s, n, key_end) : n;
		if (colon >= n || s[colon] != ':' || nkeys == 2 * MAX_TOP_KEYS)
			goto out;
		for (size_t k = 0; k < nkeys; k += 2)
			if (keys[k + 1] - keys[k] == key_end - key && !memcmp(s + keys[k], s + key, key_end - key))
				goto out;
		keys[nkeys++] = key;
		keys[nkeys++] = key_end;
		size_t val = skip_blank(s, n, colon + 1), val_end = skip_value(s, n, val);
		if (val_end == 0)
			goto out;
		if (key_end - key == 10 && !memcmp(s + key, "\"services\"", 10)) {
			svc_from = val, svc_to = val_end;
		} else {
			if (top.len > 1)
				buf_addc(&top, ',');
			buf_add(&top, s + key, val_end - key);
		}
		i = skip_blank(s, n, val_end);
		if (i < n && s[i] == ',') {
			i = skip_blank(s, n, i + 1);
			if (i >= n || s[i] != '"') /* a member follows a comma (none trailing) */
				goto out;
		} else if (i >= n || s[i] != '}') {
			goto out;
		}
	}
	if (i >= n || skip_blank(s, n, i + 1) != n || svc_to == 0)
		goto out;
	buf_addc(&top, '}');
	struct arena a = {0};
	const char *err;
	struct node *r = jsonrpc_parse(&a, top.p, top.len, &err);
	rc = r && r->kind == NODE_MAP && read_tree(m, r) == 0 ? read_services(m, s, svc_from, svc_to) : -1;
	arena_free(&a);
out:
	buf_free(&top);
	return rc;
}

int manifest_read(struct manifest *m, const char *path)
{
	memset(m, 0, sizeof *m);
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT)
		return 1;
	char *text = NULL;
	size_t len = 0;
	/* Never through a link planted in the output. */
	int rc = read_input_file(path, (size_t)1 << 30, NULL, &text, &len) == 0 ? manifest_parse(m, text, len) : -1;
	free(text);
	return rc;
}
