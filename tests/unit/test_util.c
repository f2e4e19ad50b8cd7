/* test_util.c: buffers, arenas, hash maps, UTF-8, edit distance, files, node
 * equality, and uri_resolve (RFC 3986, section 5.4). */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <stdalign.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

/* ------------------------------------------------------------ buf */

static void test_buf_basics(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_add(&b, "ab", 2);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.p, "ab"); /* NUL-terminated */
	buf_adds(&b, "cd");
	buf_addc(&b, 'e');
	buf_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(b.p, "abcde-42-x");
	assert_int_equal(b.len, 10);
	buf_add(&b, "\0z", 2); /* bytes, NUL included */
	assert_int_equal(b.len, 12);
	assert_int_equal(b.p[10], '\0');
	assert_int_equal(b.p[11], 'z');
	assert_int_equal(b.p[12], '\0');
	char *s = buf_take(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_memory_equal(s, "abcde-42-x\0z", 13);
	free(s);
	/* Taking an empty buffer gives an empty string the caller frees. */
	s = buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* Adding nothing still makes a terminated string. */
	buf_add(&b, "", 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	buf_free(&b);
	assert_null(b.p);
	buf_free(&b); /* twice is harmless */
}

static void test_buf_growth(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "%05d", i % 100000);
	assert_int_equal(b.len, 500000);
	assert_true(b.cap > b.len);
	assert_memory_equal(b.p, "0000000001", 10);
	assert_memory_equal(b.p + 499995, "99999", 5);
	assert_int_equal(b.p[b.len], '\0');
	buf_free(&b);
	/* One long formatted piece. */
	char big[5000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, sizeof big + 1);
	assert_int_equal(b.p[0], '<');
	assert_int_equal(b.p[b.len - 1], '>');
	buf_free(&b);
}

/* ------------------------------------------------------------ arena */

static void test_arena(void **state)
{
	(void)state;
	struct arena a = {0};
	unsigned char *ptrs[2000];
	for (size_t i = 0; i < 2000; i++) {
		size_t n = 1 + i % 37;
		ptrs[i] = arena_alloc(&a, n);
		assert_non_null(ptrs[i]);
		/* aligned for pointers, sizes and doubles (what arenas hold), not for long double */
		assert_int_equal((uintptr_t)ptrs[i] % alignof(double), 0);
		assert_int_equal((uintptr_t)ptrs[i] % alignof(void *), 0);
		assert_int_equal((uintptr_t)ptrs[i] % alignof(size_t), 0);
		memset(ptrs[i], (int)(i & 0xff), n);
	}
	/* A large block, bigger than a chunk. */
	unsigned char *big = arena_alloc(&a, 200000);
	assert_int_equal((uintptr_t)big % alignof(double), 0);
	memset(big, 0xab, 200000);
	/* After the large block, small allocations still work. */
	unsigned char *after = arena_alloc(&a, 16);
	memset(after, 0xcd, 16);
	/* Nothing overlapped: every block still holds its pattern. */
	for (size_t i = 0; i < 2000; i++) {
		size_t n = 1 + i % 37;
		for (size_t k = 0; k < n; k++)
			assert_int_equal(ptrs[i][k], (unsigned char)(i & 0xff));
	}
	for (size_t k = 0; k < 200000; k++)
		if (big[k] != 0xab)
			fail_msg("large block overwritten at %zu", k);
	for (size_t k = 0; k < 16; k++)
		assert_int_equal(after[k], 0xcd);
	char *s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	s = arena_strndup(&a, "", 0);
	assert_string_equal(s, "");
	arena_free(&a);
	assert_null(a.head);
	/* Usable again after free. */
	s = arena_strndup(&a, "again", 5);
	assert_string_equal(s, "again");
	arena_free(&a);
	arena_free(&a);
	/* A first chunk of the size asked (the loader's, from the file's length), then texts
	 * packed and blocks aligned after them, past the first chunk too. */
	a.first = 4096;
	char *t[600];
	for (size_t i = 0; i < 600; i++) {
		t[i] = arena_strndup(&a, "abc", 1 + i % 3);
		double *d = arena_alloc(&a, sizeof *d);
		assert_int_equal((uintptr_t)d % alignof(double), 0);
		*d = (double)i;
	}
	assert_int_equal(a.first, 0);
	for (size_t i = 0; i < 600; i++)
		assert_memory_equal(t[i], "abc", 1 + i % 3);
	arena_free(&a);
}

/* ------------------------------------------------------------ hmap */

static void test_hmap_basics(void **state)
{
	(void)state;
	struct hmap m = {0};
	int v1 = 1, v2 = 2;
	assert_null(hmap_get(&m, "a", 1)); /* empty map */
	assert_null(hmap_put(&m, "a", 1, &v1));
	assert_int_equal(m.count, 1);
	assert_ptr_equal(hmap_get(&m, "a", 1), &v1);
	/* Putting an existing key returns its value and keeps it. */
	assert_ptr_equal(hmap_put(&m, "a", 1, &v2), &v1);
	assert_ptr_equal(hmap_get(&m, "a", 1), &v1);
	assert_int_equal(m.count, 1);
	/* Keys are bytes with a length: a prefix is another key. */
	assert_null(hmap_get(&m, "ab", 2));
	assert_null(hmap_get(&m, "", 0));
	assert_null(hmap_put(&m, "ab", 2, &v2));
	assert_ptr_equal(hmap_get(&m, "abc", 2), &v2); /* only 2 bytes are read */
	assert_null(hmap_put(&m, "", 0, &v1));
	assert_ptr_equal(hmap_get(&m, "", 0), &v1);
	assert_null(hmap_put(&m, "a\0b", 3, &v2));
	assert_ptr_equal(hmap_get(&m, "a\0b", 3), &v2);
	assert_null(hmap_get(&m, "a\0c", 3));
	assert_int_equal(m.count, 4);
	/* Keys are not copied: the map holds the caller's pointer. */
	const char *key = "persistent";
	hmap_put(&m, key, strlen(key), &v1);
	size_t found = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (m.slots[i].key == key)
			found++;
	assert_int_equal(found, 1);
	hmap_free(&m);
	assert_null(m.slots);
	assert_int_equal(m.count, 0);
	assert_null(hmap_get(&m, "a", 1));
}

static void test_hmap_many_keys(void **state)
{
	(void)state;
	enum { N = 20000 };
	char(*keys)[16] = xcalloc(N, sizeof *keys);
	int *vals = xcalloc(N, sizeof *vals);
	struct hmap m = {0};
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "key-%d", i);
		vals[i] = i;
		assert_null(hmap_put(&m, keys[i], strlen(keys[i]), &vals[i]));
	}
	assert_int_equal(m.count, N);
	/* At most three quarters full, and a power of two (the probe mask). */
	assert_true(m.count * 4 <= m.cap * 3);
	assert_int_equal(m.cap & (m.cap - 1), 0);
	for (int i = 0; i < N; i++) {
		int *v = hmap_get(&m, keys[i], strlen(keys[i]));
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	/* Absent keys, including near misses. */
	assert_null(hmap_get(&m, "key-20000", 9));
	assert_null(hmap_get(&m, "key-", 4));
	assert_null(hmap_get(&m, "Key-1", 5));
	/* Re-putting every key: all found, nothing added. */
	for (int i = 0; i < N; i++)
		assert_ptr_equal(hmap_put(&m, keys[i], strlen(keys[i]), NULL), &vals[i]);
	assert_int_equal(m.count, N);
	hmap_free(&m);
	free(keys);
	free(vals);
}

static void test_hmap_collisions(void **state)
{
	(void)state;
	/* Keys whose hashes agree in their low bits land on the same slot and must be
	 * told apart by the probe. Find such keys by search. */
	struct hmap m = {0};
	char(*keys)[12] = xcalloc(64, sizeof *keys);
	size_t nkeys = 0;
	uint64_t want = UINT64_MAX;
	for (unsigned i = 0; nkeys < 64 && i < 10000000; i++) {
		char k[12];
		snprintf(k, sizeof k, "c%u", i);
		uint64_t low = hash_bytes(k, strlen(k)) & 0xfff;
		if (want == UINT64_MAX)
			want = low;
		if (low == want)
			memcpy(keys[nkeys++], k, sizeof k);
	}
	assert_int_equal(nkeys, 64);
	for (size_t i = 0; i < nkeys; i++)
		assert_null(hmap_put(&m, keys[i], strlen(keys[i]), keys[i]));
	for (size_t i = 0; i < nkeys; i++)
		assert_ptr_equal(hmap_get(&m, keys[i], strlen(keys[i])), keys[i]);
	assert_null(hmap_get(&m, "c-none", 6));
	/* hash_bytes is a function of the bytes. */
	assert_true(hash_bytes("abc", 3) == hash_bytes("abcd", 3));
	assert_true(hash_bytes("abc", 3) != hash_bytes("abd", 3));
	hmap_free(&m);
	free(keys);
}

/* ------------------------------------------------------------ UTF-8 */

static size_t dec(const char *s, size_t n, uint32_t *cp)
{
	*cp = 0xdeadbeef;
	return utf8_decode((const unsigned char *)s, n, cp);
}

static void test_utf8_decode_valid(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		uint32_t cp;
	} ok[] = {
	        {"A", 1, 0x41},
	        {"\x7f", 1, 0x7f},
	        {"\xc2\x80", 2, 0x80},
	        {"\xc3\xa9", 2, 0xe9},
	        {"\xdf\xbf", 2, 0x7ff},
	        {"\xe0\xa0\x80", 3, 0x800},
	        {"\xe2\x82\xac", 3, 0x20ac},
	        {"\xed\x9f\xbf", 3, 0xd7ff},
	        {"\xee\x80\x80", 3, 0xe000},
	        {"\xef\xbb\xbf", 3, 0xfeff},
	        {"\xef\xbf\xbf", 3, 0xffff},
	        {"\xf0\x90\x80\x80", 4, 0x10000},
	        {"\xf0\x9f\x98\x80", 4, 0x1f600},
	        {"\xf4\x8f\xbf\xbf", 4, 0x10ffff},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		uint32_t cp;
		assert_int_equal(dec(ok[i].s, strlen(ok[i].s), &cp), ok[i].len);
		assert_int_equal(cp, ok[i].cp);
		/* Trailing bytes do not matter. */
		char more[8] = {0};
		memcpy(more, ok[i].s, ok[i].len);
		more[ok[i].len] = 'x';
		assert_int_equal(dec(more, ok[i].len + 1, &cp), ok[i].len);
	}
	uint32_t cp;
	assert_int_equal(dec("\0", 1, &cp), 1); /* NUL is a valid character */
	assert_int_equal(cp, 0);
}

static void test_utf8_decode_invalid(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
	} bad[] = {
	        {"", 0},     /* nothing left */
	        {"\x80", 1}, /* lone continuation */
	        {"\xbf", 1},
	        {"\xc0\x80", 2},         /* overlong NUL */
	        {"\xc1\xbf", 2},         /* overlong U+007F */
	        {"\xe0\x80\x80", 3},     /* overlong 3-byte */
	        {"\xe0\x9f\xbf", 3},     /* overlong U+07FF */
	        {"\xf0\x80\x80\x80", 4}, /* overlong 4-byte */
	        {"\xf0\x8f\xbf\xbf", 4}, /* overlong U+FFFF */
	        {"\xed\xa0\x80", 3},     /* surrogate U+D800 */
	        {"\xed\xbf\xbf", 3},     /* surrogate U+DFFF */
	        {"\xf4\x90\x80\x80", 4}, /* U+110000 */
	        {"\xf5\x80\x80\x80", 4}, /* beyond the range */
	        {"\xf7\xbf\xbf\xbf", 4},
	        {"\xf8\x88\x80\x80\x80", 5}, /* 5-byte form */
	        {"\xfe", 1},
	        {"\xff", 1},
	        {"\xc3", 1}, /* truncated */
	        {"\xe2\x82", 2},
	        {"\xf0\x9f\x98", 3},
	        {"\xc3\x28", 2}, /* bad continuation */
	        {"\xe2\x28\xac", 3},
	        {"\xe2\x82\x28", 3},
	        {"\xf0\x9f\x98\x28", 4},
	        {"\xc3\xc3", 2},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint32_t cp;
		size_t k = dec(bad[i].s, bad[i].n, &cp);
		if (k != 0)
			fprintf(stderr, "  case %zu decoded as U+%04X\n", i, (unsigned)cp);
		assert_int_equal(k, 0);
	}
	/* A valid sequence cut short by n. */
	uint32_t cp;
	assert_int_equal(dec("\xe2\x82\xac", 2, &cp), 0);
	assert_int_equal(dec("\xf0\x9f\x98\x80", 3, &cp), 0);
}

static void test_utf8_count_and_valid(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	assert_int_equal(utf8_count("ééé", 6), 3);
	assert_int_equal(utf8_count("a😀b€", 9), 4);
	assert_int_equal(utf8_count("éa", 2), 1); /* n bytes only */
	assert_int_equal(utf8_count("a\0b", 3), 3);
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("é€😀", 9));
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("caf\xe9", 4));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("ok\xc3", 3));
	assert_false(utf8_valid("\xc0\x80", 2));
	assert_true(utf8_valid("ok\xc3", 2)); /* the bad byte is past n */
}

/* ------------------------------------------------------------ edit distance */

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", "", 3), 0);
	assert_int_equal(edit_distance("abc", "abc", 0), 0);
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(edit_distance("sitting", "kitten", 5), 3);
	assert_int_equal(edit_distance("flaw", "lawn", 5), 2);
	assert_int_equal(edit_distance("abc", "", 5), 3);
	assert_int_equal(edit_distance("", "abc", 5), 3);
	assert_int_equal(edit_distance("titel", "title", 3), 1); /* a swap of neighbours is one edit (OSA) */
	assert_int_equal(edit_distance("onlin", "online", 2), 1);
	assert_int_equal(edit_distance("Counter", "counter", 2), 1);
	assert_int_equal(edit_distance("summary", "sumary", 2), 1);
}

static void test_edit_distance_cap(void **state)
{
	(void)state;
	/* Over the cap: cap + 1, whatever the real distance. */
	assert_int_equal(edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(edit_distance("kitten", "sitting", 1), 2);
	assert_int_equal(edit_distance("kitten", "sitting", 0), 1);
	assert_int_equal(edit_distance("abcdef", "uvwxyz", 2), 3);
	assert_int_equal(edit_distance("a", "abcdefgh", 3), 4); /* the lengths alone exceed it */
	assert_int_equal(edit_distance("abcdefgh", "a", 3), 4);
	/* Exactly the cap: the distance. */
	assert_int_equal(edit_distance("kitten", "sitting", 3), 3);
	assert_int_equal(edit_distance("abc", "abd", 1), 1);
	/* Long strings within the row size. */
	char a[257], b[257];
	memset(a, 'x', 256);
	memset(b, 'x', 256);
	a[256] = b[256] = '\0';
	b[100] = 'y';
	assert_int_equal(edit_distance(a, b, 2), 1);
}

/* BUG: edit_distance returns cap + 1 whenever the second string is longer than
 * 256 bytes (its row buffer), even for equal strings: edit_distance(s, s, 3) with a
 * 300-byte s gives 4, against the contract "Levenshtein distance, capped: returns
 * cap+1 when the distance exceeds cap". A banded computation (|i - j| <= cap) would
 * need no such limit. */
static void test_edit_distance_long_strings(void **state)
{
	(void)state;
	/* fixed */
	char a[301], b[301];
	memset(a, 'x', 300);
	memset(b, 'x', 300);
	a[300] = b[300] = '\0';
	assert_int_equal(edit_distance(a, b, 3), 0);
	b[299] = 'y';
	assert_int_equal(edit_distance(a, b, 3), 1);
}

/* ------------------------------------------------------------ files */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/loket-unit-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tree(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static int drop_tmpdir(void **state)
{
	(void)state;
	return remove_tree(tmpdir) == 0 ? 0 : -1;
}

static char *in_tmp(const char *name)
{
	struct buf b = {0};
	buf_printf(&b, "%s/%s", tmpdir, name);
	return buf_take(&b);
}

static void put_file(const char *name, const char *text)
{
	char *p = in_tmp(name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void test_read_and_write_file(void **state)
{
	(void)state;
	char *p = in_tmp("rw.yaml");
	assert_int_equal(write_file_atomic(p, "hello\0world", 11), 0);
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(read_file(p, 100, &data, &len), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(data, "hello\0world", 11);
	assert_int_equal(data[11], '\0');
	free(data);
	/* Exactly at the limit, and one over. */
	assert_int_equal(read_file(p, 11, &data, &len), 0);
	free(data);
	len = 0;
	assert_int_equal(read_file(p, 10, &data, &len), -2);
	assert_int_equal(len, 11);
	/* Overwrite atomically; no temporary file is left beside it. */
	assert_int_equal(write_file_atomic(p, "x", 1), 0);
	assert_int_equal(read_file(p, 100, &data, &len), 0);
	assert_int_equal(len, 1);
	free(data);
	struct walk w = {0};
	assert_int_equal(walk_yaml_files(tmpdir, 4, &w), 0);
	assert_int_equal(w.files.n, 1);
	walk_free(&w);
	char *dir = in_tmp("");
	DIR *d = opendir(dir);
	int others = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		if (strstr(e->d_name, ".tmp"))
			others++;
	if (d)
		closedir(d);
	assert_int_equal(others, 0);
	free(dir);
	unlink(p);
	/* Errors. */
	errno = 0;
	assert_int_equal(read_file(p, 100, &data, &len), -1);
	assert_int_equal(errno, ENOENT);
	errno = 0;
	assert_int_equal(read_file(tmpdir, 100, &data, &len), -1);
	assert_int_equal(errno, EISDIR);
	errno = 0;
	assert_int_equal(read_input_file(tmpdir, 100, NULL, &data, &len), READ_ERRNO);
	assert_int_equal(errno, EISDIR);
	char *nodir = in_tmp("no/such/file");
	assert_int_equal(write_file_atomic(nodir, "x", 1), -1);
	free(nodir);
	free(p);
}

static void test_list_yaml_files(void **state)
{
	(void)state;
	char *sub = in_tmp("tree");
	assert_int_equal(mkdir(sub, 0755), 0);
	put_file("tree/b.yaml", "b: 1\n");
	put_file("tree/a.yml", "a: 1\n");
	put_file("tree/.hidden.yaml", "h: 1\n");
	put_file("tree/notes.txt", "x\n");
	char *deep = in_tmp("tree/m"), *z = in_tmp("tree/z");
	assert_int_equal(mkdir(deep, 0755), 0);
	assert_int_equal(mkdir(z, 0755), 0);
	put_file("tree/m/c.yaml", "c: 1\n");
	put_file("tree/z/d.yaml", "d: 1\n");
	char *target = in_tmp("tree/b.yaml"), *link = in_tmp("tree/link.yaml");
	assert_int_equal(symlink(target, link), 0);
	char *fifo = in_tmp("tree/pipe.yaml");
	assert_int_equal(mkfifo(fifo, 0644), 0);
	struct walk w = {0};
	assert_int_equal(walk_yaml_files(sub, 4, &w), 0);
	assert_int_equal(w.failed.n, 0);
	assert_int_equal(w.files.n, 4);
	const char *want_files[] = {"tree/a.yml", "tree/b.yaml", "tree/m/c.yaml", "tree/z/d.yaml"};
	for (size_t i = 0; i < 4; i++) {
		char *want = in_tmp(want_files[i]);
		assert_string_equal(w.files.v[i], want);
		free(want);
		struct stat st;
		assert_int_equal(stat(w.files.v[i], &st), 0);
		assert_true(w.ids[i].ino == st.st_ino && w.ids[i].dev == st.st_dev);
	}
	assert_int_equal(w.links.n, 1);
	assert_string_equal(w.links.v[0], link);
	assert_int_equal(w.others.n, 1); /* the FIFO: listed, never opened */
	assert_string_equal(w.others.v[0], fifo);
	walk_free(&w);
	/* Too deep: both folders fail, and the walk goes on past the first one. */
	assert_int_equal(walk_yaml_files(sub, 0, &w), 2);
	assert_int_equal(w.errnos[0], WALK_TOO_DEEP);
	assert_int_equal(w.errnos[1], WALK_TOO_DEEP);
	assert_string_equal(w.failed.v[0], deep);
	assert_string_equal(w.failed.v[1], z);
	assert_int_equal(w.files.n, 2); /* a.yml and b.yaml, before and after nothing stopped */
	walk_free(&w);
	/* Missing folder. */
	char *none = in_tmp("none");
	assert_int_equal(walk_yaml_files(none, 4, &w), 1);
	assert_string_equal(w.failed.v[0], none);
	assert_int_equal(w.errnos[0], ENOENT);
	walk_free(&w);
	/* An input file: a link, a FIFO (without blocking), a swapped file are refused. */
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(read_input_file(link, 100, NULL, &data, &len), READ_LINK);
	assert_int_equal(read_input_file(fifo, 100, NULL, &data, &len), READ_NOT_REGULAR);
	struct stat st;
	assert_int_equal(stat(target, &st), 0);
	struct file_id other = {st.st_dev, st.st_ino + 1}, same = {st.st_dev, st.st_ino};
	assert_int_equal(read_input_file(target, 100, &other, &data, &len), READ_CHANGED);
	assert_int_equal(read_input_file(target, 100, &same, &data, &len), READ_OK);
	assert_memory_equal(data, "b: 1\n", 5);
	free(data);
	/* A FIFO the user named (a process substitution) is read, and without a writer ends at once. */
	assert_int_equal(read_file(fifo, 100, &data, &len), READ_OK);
	assert_int_equal(len, 0);
	free(data);
	unlink(fifo);
	free(fifo);
	free(none);
	free(sub);
	free(deep);
	free(z);
	free(target);
	free(link);
}

static void test_str_ends_with(void **state)
{
	(void)state;
	assert_true(str_ends_with("a.yaml", ".yaml"));
	assert_true(str_ends_with(".yaml", ".yaml"));
	assert_true(str_ends_with("x", ""));
	assert_false(str_ends_with("yaml", ".yaml"));
	assert_false(str_ends_with("a.yml", ".yaml"));
	assert_false(str_ends_with("a.yaml.bak", ".yaml"));
}

/* ------------------------------------------------------------ nodes */

static const struct node *parse(struct doc *d, const char *src)
{
	struct msgq q = {0};
	enum load_result r = load_yaml_mem(d, UNIT_FILE, src, strlen(src), &unit_any_root, &q);
	if (r != LOAD_OK)
		unit_dump(&q);
	assert_int_equal(r, LOAD_OK);
	msg_free(&q);
	return d->root;
}

static void check_equal(const char *a, const char *b, int want)
{
	struct doc da, db;
	const struct node *x = parse(&da, a), *y = parse(&db, b);
	if (node_equal(x, y) != want)
		fprintf(stderr, "  node_equal(%s, %s) != %d\n", a, b, want);
	assert_int_equal(node_equal(x, y), want);
	assert_int_equal(node_equal(y, x), want);
	if (want)
		assert_true(node_hash(x) == node_hash(y));
	load_doc_free(&da);
	load_doc_free(&db);
}

static void test_node_equal_and_hash(void **state)
{
	(void)state;
	check_equal("1", "1.0", 1);
	check_equal("1", "1e0", 1);
	check_equal("0", "-0.0", 1);
	check_equal("0x10", "16", 1);
	check_equal("1", "'1'", 0);
	check_equal("1", "true", 0);
	check_equal("true", "true", 1);
	check_equal("~", "''", 0);
	check_equal("~", "null", 1);
	check_equal("abc", "'abc'", 1);
	check_equal("abc", "abd", 0);
	check_equal("[1, [2, x]]", "[1.0, [2, 'x']]", 1);
	check_equal("[1, 2]", "[2, 1]", 0);
	check_equal("[1]", "[1, 1]", 0);
	check_equal("{a: 1, b: {c: [x]}}", "{b: {c: [x]}, a: 1.0}", 1);
	check_equal("{a: 1}", "{a: 1, b: 2}", 0);
	check_equal("{a: 1, b: 2}", "{a: 1, c: 2}", 0);
	check_equal("{e: {}}", "{e: []}", 0);
	check_equal("{e: {}}", "{e: {}}", 1);
	check_equal("[[]]", "[[]]", 1);
}

/* node_at follows JSON pointers (escapes included); node_remove takes a field or an
 * item out, so error recovery can cut the values that failed validation. */
static void test_node_at_and_remove(void **state)
{
	(void)state;
	struct doc d;
	struct node *root = (struct node *)parse(&d, "{a/b: 1, c~: [x, y, z], d: {e: 2}}");
	struct node *parent;
	assert_non_null(node_at(root, "/a~1b", &parent));
	assert_ptr_equal(parent, root);
	assert_string_equal(node_at(root, "/c~0/1", &parent)->str, "y");
	assert_int_equal(node_at(root, "/d/e", &parent)->num, 2);
	assert_ptr_equal(node_at(root, "", &parent), root);
	assert_null(parent);
	assert_null(node_at(root, "/c~0/3", &parent)); /* past the end */
	assert_null(node_at(root, "/c~0/x", &parent)); /* not an index */
	assert_null(node_at(root, "/d/f", &parent));   /* absent: a missing field */
	assert_null(node_at(root, "/d/e/g", &parent)); /* below a scalar */
	/* Found first, removed after: the indices do not shift under the caller. */
	struct node *list;
	struct node *y = node_at(root, "/c~0/1", &list), *z = node_at(root, "/c~0/2", &parent);
	assert_int_equal(node_remove(list, y), 1);
	assert_int_equal(node_remove(parent, z), 1);
	assert_int_equal(list->n, 1);
	assert_string_equal(list->kids[0]->str, "x");
	assert_int_equal(node_remove(list, y), 0); /* already gone */
	struct node *e = node_at(root, "/a~1b", &parent);
	assert_int_equal(node_remove(parent, e), 1);
	assert_int_equal(root->n, 2);
	assert_null(node_get(root, "a/b"));
	assert_non_null(node_get(root, "d"));
	load_doc_free(&d);
}

static void test_node_kind_phrase(void **state)
{
	(void)state;
	struct doc d;
	const struct node *r = parse(&d, "[~, true, 1, 1.5, .inf, x, {}, []]");
	static const char *const want[] = {
	        "empty", "true or false",       "a whole number", "a number", "an infinite number",
	        "text",  "a mapping of fields", "a list"};
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(node_kind_phrase(r->kids[i]), want[i]);
	assert_int_equal(node_is_number(r->kids[2]), 1);
	assert_int_equal(node_is_number(r->kids[3]), 1);
	assert_int_equal(node_is_number(r->kids[5]), 0);
	assert_null(node_get(r, "x")); /* not a mapping */
	load_doc_free(&d);
}

/* ------------------------------------------------------------ uri_resolve (RFC 3986, 5.4) */

#define BASE "http://a/b/c/d;p?q"

static void check_resolve(const char *base, const char *ref, const char *want)
{
	char *got = uri_resolve(base, ref);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  resolve(%s, %s) = %s, want %s\n", base ? base : "(null)", ref, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_uri_resolve_normal(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	        {"g:h", "g:h"},
	        {"g", "http://a/b/c/g"},
	        {"./g", "http://a/b/c/g"},
	        {"g/", "http://a/b/c/g/"},
	        {"/g", "http://a/g"},
	        {"//g", "http://g"},
	        {"?y", "http://a/b/c/d;p?y"},
	        {"g?y", "http://a/b/c/g?y"},
	        {"#s", "http://a/b/c/d;p?q#s"},
	        {"g#s", "http://a/b/c/g#s"},
	        {"g?y#s", "http://a/b/c/g?y#s"},
	        {";x", "http://a/b/c/;x"},
	        {"g;x", "http://a/b/c/g;x"},
	        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
	        {"", "http://a/b/c/d;p?q"},
	        {".", "http://a/b/c/"},
	        {"./", "http://a/b/c/"},
	        {"..", "http://a/b/"},
	        {"../", "http://a/b/"},
	        {"../g", "http://a/b/g"},
	        {"../..", "http://a/"},
	        {"../../", "http://a/"},
	        {"../../g", "http://a/g"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check_resolve(BASE, cases[i][0], cases[i][1]);
}

static void test_uri_resolve_abnormal(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	        {"../../../g", "http://a/g"},
	        {"../../../../g", "http://a/g"},
	        {"/./g", "http://a/g"},
	        {"/../g", "http://a/g"},
	        {"g.", "http://a/b/c/g."},
	        {".g", "http://a/b/c/.g"},
	        {"g..", "http://a/b/c/g.."},
	        {"..g", "http://a/b/c/..g"},
	        {"./../g", "http://a/b/g"},
	        {"./g/.", "http://a/b/c/g/"},
	        {"g/./h", "http://a/b/c/g/h"},
	        {"g/../h", "http://a/b/c/h"},
	        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
	        {"g;x=1/../y", "http://a/b/c/y"},
	        {"g?y/./x", "http://a/b/c/g?y/./x"},
	        {"g?y/../x", "http://a/b/c/g?y/../x"},
	        {"g#s/./x", "http://a/b/c/g#s/./x"},
	        {"g#s/../x", "http://a/b/c/g#s/../x"},
	        {"http:g", "http:g"}, /* strict parsers */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check_resolve(BASE, cases[i][0], cases[i][1]);
}

static void test_uri_resolve_other_bases(void **state)
{
	(void)state;
	/* The base's fragment is never inherited. */
	check_resolve("http://a/b#f", "", "http://a/b");
	check_resolve("http://a/b#f", "#g", "http://a/b#g");
	/* A base with an authority and no path. */
	check_resolve("http://a", "g", "http://a/g");
	check_resolve("http://a", "?q", "http://a?q");
	/* Dots in an absolute reference are removed too. */
	check_resolve(BASE, "http://x/a/./b/../c", "http://x/a/c");
	/* Schema URIs as loket uses them. */
	check_resolve("https://example.test/v1/service", "common#/$defs/name",
	              "https://example.test/v1/common#/$defs/name");
	check_resolve("https://example.test/v1/service", "../lang", "https://example.test/lang");
	check_resolve("https://example.test/s", "#/$defs/a~1b", "https://example.test/s#/$defs/a~1b");
	check_resolve("urn:example:root", "#frag", "urn:example:root#frag");
	/* No base. */
	check_resolve(NULL, "https://x/y", "https://x/y");
	check_resolve(NULL, "#a", "#a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_buf_basics),
	        cmocka_unit_test(test_buf_growth),
	        cmocka_unit_test(test_arena),
	        cmocka_unit_test(test_hmap_basics),
	        cmocka_unit_test(test_hmap_many_keys),
	        cmocka_unit_test(test_hmap_collisions),
	        cmocka_unit_test(test_utf8_decode_valid),
	        cmocka_unit_test(test_utf8_decode_invalid),
	        cmocka_unit_test(test_utf8_count_and_valid),
	        cmocka_unit_test(test_edit_distance),
	        cmocka_unit_test(test_edit_distance_cap),
	        cmocka_unit_test(test_edit_distance_long_strings),
	        cmocka_unit_test_setup_teardown(test_read_and_write_file, make_tmpdir, drop_tmpdir),
	        cmocka_unit_test_setup_teardown(test_list_yaml_files, make_tmpdir, drop_tmpdir),
	        cmocka_unit_test(test_str_ends_with),
	        cmocka_unit_test(test_node_equal_and_hash),
	        cmocka_unit_test(test_node_at_and_remove),
	        cmocka_unit_test(test_node_kind_phrase),
	        cmocka_unit_test(test_uri_resolve_normal),
	        cmocka_unit_test(test_uri_resolve_abnormal),
	        cmocka_unit_test(test_uri_resolve_other_bases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
