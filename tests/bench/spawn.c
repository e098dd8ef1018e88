/*
 * spawn.c - wall time of a command fed one message, as an MTA runs it.
 *
 *	spawn N FILE CMD [ARG...]
 *
 * Each of the N runs puts FILE into a new pipe, starts CMD with that
 * pipe on stdin and /dev/null on stdout (posix_spawn, as a small C
 * program such as an MTA's delivery agent would), and waits for it to
 * exit.  The time is from just before the spawn to just after the wait:
 * start-up, the work and the exit, nothing of the measuring program's
 * own.  Prints "median_ms min_ms max_ms"; exits 1 if a run fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* spawn_now_ms - the monotonic clock in milliseconds */
static double
spawn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* spawn_cmp - qsort order of doubles */
static int
spawn_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* spawn_pipe - a pipe holding data, its write end closed; the read end or -1 */
static int
spawn_pipe(const char *data, size_t len)
{
	int fds[2];
	size_t done = 0;
	ssize_t n;

	if (pipe(fds) < 0)
		return -1;
	(void)fcntl(fds[1], F_SETPIPE_SZ, (int)(len + 4096));
	while (done < len) {
		if ((n = write(fds[1], data + done, len - done)) <= 0) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
		done += (size_t)n;
	}
	close(fds[1]);
	return fds[0];
}

/* spawn_once - one run; its wall time in ms, or -1 */
static double
spawn_once(char **argv, const char *data, size_t len)
{
	posix_spawn_file_actions_t fa;
	double t0, t;
	pid_t pid;
	int in, status, rc;

	if ((in = spawn_pipe(data, len)) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_addclose(&fa, in);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	t0 = spawn_now_ms();
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	if (rc == 0)
		while (waitpid(pid, &status, 0) < 0)
			;
	t = spawn_now_ms() - t0;
	posix_spawn_file_actions_destroy(&fa);
	close(in);
	if (rc != 0) {
		fprintf(stderr, "spawn: %s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "spawn: %s did not exit 0\n", argv[0]);
		return -1;
	}
	return t;
}

int
main(int argc, char **argv)
{
	struct stat st;
	double *ms;
	char *data;
	int n, i, fd;

	if (argc < 4 || (n = atoi(argv[1])) < 1 || (fd = open(argv[2], O_RDONLY)) < 0
	    || fstat(fd, &st) < 0) {
		fprintf(stderr, "usage: spawn N FILE CMD [ARG...]\n");
		return 64;
	}
	data = malloc((size_t)st.st_size + 1);
	ms = malloc(sizeof(*ms) * (size_t)n);
	if (!data || !ms || read(fd, data, (size_t)st.st_size) != st.st_size)
		return 1;
	close(fd);
	for (i = 0; i < n; i++)
		if ((ms[i] = spawn_once(argv + 3, data, (size_t)st.st_size)) < 0)
			return 1;
	qsort(ms, (size_t)n, sizeof(*ms), spawn_cmp);
	printf("%.2f %.2f %.2f\n", n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, ms[0],
	       ms[n - 1]);
	free(data);
	free(ms);
	return 0;
}
