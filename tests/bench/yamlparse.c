/* yamlparse.c: the libyaml floors for the benchmark: parses YAML files, building nothing or libyaml's trees. */
/*
 * usage: yamlparse [-q] [-t] PATH...
 *
 * A PATH that is a directory is searched recursively for *.yaml files; any
 * other PATH is parsed whatever its name. Each file is read whole into memory
 * and fed to yaml_parser_parse until STREAM_END; every event is deleted at
 * once. With -t, each file is loaded with yaml_parser_load instead, which
 * builds libyaml's node tree of every document (then deletes it): the floor
 * for a checker that needs the whole tree. Prints the number of files, bytes
 * and events (with -t: nodes) unless -q. Exit status:
 * 0 every file parsed, 1 a parse error (reported as file:line:col), 2 usage
 * or I/O error.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <yaml.h>

static unsigned long nfiles, nevents;
static unsigned long long nbytes;
static int status;
static int tree; /* -t: build the document trees */

static char *buf;
static size_t bufcap;

static void io_error(const char *path, const char *what)
{
	fprintf(stderr, "yamlparse: %s: %s: %s\n", path, what, strerror(errno));
	if (status < 2)
		status = 2;
}

/* Reads path whole into buf; returns its length, or -1 after reporting. */
static long read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t len = 0, n;
	if (!f) {
		io_error(path, "open");
		return -1;
	}
	for (;;) {
		if (len == bufcap) {
			size_t cap = bufcap ? bufcap * 2 : 65536;
			char *p = realloc(buf, cap);
			if (!p) {
				fclose(f);
				fprintf(stderr, "yamlparse: out of memory\n");
				exit(2);
			}
			buf = p;
			bufcap = cap;
		}
		n = fread(buf + len, 1, bufcap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		io_error(path, "read");
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		io_error(path, "close");
		return -1;
	}
	return (long)len;
}

static void parse_error(const char *path, const yaml_parser_t *parser)
{
	fprintf(stderr, "%s:%lu:%lu: %s%s%s\n", path, (unsigned long)parser->problem_mark.line + 1,
	        (unsigned long)parser->problem_mark.column + 1, parser->problem ? parser->problem : "parse error",
	        parser->context ? " " : "", parser->context ? parser->context : "");
	if (status < 1)
		status = 1;
}

/* Parses one file; on a parse error reports it and sets status 1. */
static void parse_file(const char *path)
{
	yaml_parser_t parser;
	yaml_event_t event;
	yaml_document_t doc;
	long len = read_file(path);
	int done = 0;

	if (len < 0)
		return;
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "yamlparse: out of memory\n");
		exit(2);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, (size_t)len);
	while (!done && tree) {
		if (!yaml_parser_load(&parser, &doc)) {
			parse_error(path, &parser);
			break;
		}
		/* An empty document (no root node) marks the end of the stream. */
		done = yaml_document_get_root_node(&doc) == NULL;
		nevents += (unsigned long)(doc.nodes.top - doc.nodes.start);
		yaml_document_delete(&doc);
	}
	while (!done && !tree) {
		if (!yaml_parser_parse(&parser, &event)) {
			parse_error(path, &parser);
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		nevents++;
	}
	yaml_parser_delete(&parser);
	nfiles++;
	nbytes += (unsigned long long)len;
}

static int has_yaml_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* Walks dir recursively, parsing every *.yaml. Depth is the file system's. */
static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d) {
		io_error(dir, "opendir");
		return;
	}
	for (;;) {
		struct stat st;
		char *path;
		size_t len;
		errno = 0;
		e = readdir(d);
		if (!e) {
			if (errno)
				io_error(dir, "readdir");
			break;
		}
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		len = strlen(dir) + strlen(e->d_name) + 2;
		path = malloc(len);
		if (!path) {
			fprintf(stderr, "yamlparse: out of memory\n");
			exit(2);
		}
		snprintf(path, len, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			io_error(path, "stat");
		else if (S_ISDIR(st.st_mode))
			walk(path);
		else if (S_ISREG(st.st_mode) && has_yaml_suffix(e->d_name))
			parse_file(path);
		free(path);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	int i = 1, quiet = 0;
	for (; i < argc && (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "-t") == 0); i++) {
		if (argv[i][1] == 'q')
			quiet = 1;
		else
			tree = 1;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: yamlparse [-q] [-t] PATH...\n");
		return 2;
	}
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			io_error(argv[i], "stat");
		else if (S_ISDIR(st.st_mode))
			walk(argv[i]);
		else
			parse_file(argv[i]);
	}
	if (!quiet)
		printf("%lu files, %llu bytes, %lu %s\n", nfiles, nbytes, nevents, tree ? "nodes" : "events");
	free(buf);
	return status;
}
