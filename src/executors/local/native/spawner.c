/*
 * baton-spawner: the native twin of spawner.js. A long-lived child of Baton that starts container
 * processes on request, writes their output to log files and reports what happened to them.
 * It exists because a vfork and exec from this small process cost what xargs pays per process,
 * while Node's child_process.spawn costs several times more. The loop is poll(); SIGCHLD comes
 * through a self-pipe; an exec's failure comes back through a close-on-exec pipe.
 *
 * Wire (protocol.ts is the reference): frames on stdin (requests) and stdout (reports); a frame is
 * a 4-byte little-endian payload length, then the payload: NUL-separated fields, the first being
 * the message type. Numbers are decimal text; "" is "none". Output data, the only field that may
 * hold any byte, is always last and runs to the frame's end.
 *   s id flags cwd logPath tag argc argv... envc env(K=V)...   start a container attempt
 *   k signo id...                                            signal the groups of these containers
 *   q                                                        kill every group and exit
 *   S id pid | O id stream data | X id code signo | F id message          (reports)
 * S waits until the container has run START_HOLD_MS, or goes just before its first output or its X.
 *   A id pid tag | C id data | H pid                           (hand-over to a new client)
 *
 * stdin closing, our parent changing, or SIGTERM: every group we started is SIGKILLed and we exit.
 * Except with --survive <dir> <idleMs> (baton server): then losing the client (stdin, or a socket
 * client, closing) leaves the containers running and logging; exits are kept; a client that
 * connects to <dir>/<pid>.sock is handed them and owns them from then on. Alone and idle for
 * idleMs, we exit. SIGTERM and `q` still end everything.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#include <sys/prctl.h>
/* Linux's vfork shares memory until exec but not signal handlers: no page tables to copy. What a
 * vfork child may do elsewhere is less certain, so other systems fork (cheap from a small process). */
#define FORK vfork
#else
#define FORK fork
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* How long a dead container's pipes may stay open (held by a process that left its group). */
#define PIPE_DRAIN_MS 2000
#define PARENT_CHECK_MS 500
/* Surviving: the standard output kept per container for a hand-over (Argo's limit for a result), and
 * how long an exit stays ready to be handed over again while a client is connected: a client that
 * dies may not have recorded the last exits it was sent. */
#define KEEP_MAX (256 * 1024)
#define ENDED_KEEP_MS 5000
/* A start is reported once the container has run this long, or just before its exit if that comes
 * first: a short container then costs Baton one report (one wake-up, one read) instead of two. */
#define START_HOLD_MS 5

typedef struct { char *data; size_t len, cap; } Buffer;

typedef struct {
  long id;
  pid_t pid;
  int fd[3];        /* read ends: stdout, stderr, exec status; -1 once at end of file */
  char *command, *cwd; /* for a start error's message, until exec is confirmed */
  int failed;       /* exec failed: reported as F, never as X */
  int start_pending; /* exec succeeded, S not sent yet (START_HOLD_MS) */
  long long start_due;
  int log_fd;       /* -1 until the first byte: no output, no file */
  char *log_path;
  int forward;      /* send output to Baton as well as to the log */
  Buffer partial[2]; /* per stream, an unfinished last line: the log gets whole lines of each stream */
  int exited, status;
  long long drain_deadline;
  char *tag;        /* surviving: the client's description, handed to the next client */
  int keep;         /* surviving: keep standard output (up to KEEP_MAX) for a hand-over */
  Buffer kept;
} Container;

/* Surviving: an exit (its X or F frame) ready to be handed to a client that connects. */
typedef struct {
  long id;
  pid_t pid;
  char *tag;
  Buffer kept, frame;
  long long until; /* dropped after this, while a client is connected */
} Ended;

static Container *containers;
static size_t container_count, container_cap;
static Buffer inbox, outbox;
static char **base_env;
static pid_t parent_pid;
static int signal_pipe[2];
static size_t frame_start;
/* The client: stdin and stdout, or later an accepted socket; -1 while there is none. */
static int in_fd = 0, out_fd = 1;
static int survive, listen_fd = -1;
static char *sock_path, *id_path;
static long long idle_ms, alone_since = -1;
/* ended[ended_first .. ended_count): kept in the order of `until`, so the expired are at the front. */
static Ended *ended;
static size_t ended_first, ended_count, ended_cap;

/* ---- small utilities ---- */
static void *checked(void *p) {
  if (p == NULL) { fputs("baton spawner: out of memory\n", stderr); _exit(70); }
  return p;
}

static void buffer_append(Buffer *b, const void *data, size_t len) {
  if (b->len + len > b->cap) {
    while (b->len + len > b->cap) b->cap = b->cap ? b->cap * 2 : 65536;
    b->data = checked(realloc(b->data, b->cap));
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

static void buffer_consume(Buffer *b, size_t len) {
  memmove(b->data, b->data + len, b->len - len);
  b->len -= len;
}

static long long clock_ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long long now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

static void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Both ends close-on-exec: no container inherits another's pipe, nor ours. */
static int make_pipe(int fds[2]) {
  if (pipe(fds) != 0) return -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
}

/* ---- reports: appended to the outbox, written once per loop turn ---- */
static void frame_begin(void) {
  frame_start = outbox.len;
  buffer_append(&outbox, "\0\0\0\0", 4);
}

static void frame_field(const char *text) {
  if (outbox.len > frame_start + 4) buffer_append(&outbox, "", 1);
  buffer_append(&outbox, text, strlen(text));
}

static void frame_number(long long value) {
  char text[24];
  snprintf(text, sizeof text, "%lld", value);
  frame_field(text);
}

static void frame_end(void) {
  uint32_t len = (uint32_t)(outbox.len - frame_start - 4);
  unsigned char *p = (unsigned char *)outbox.data + frame_start;
  p[0] = len & 0xff, p[1] = (len >> 8) & 0xff, p[2] = (len >> 16) & 0xff, p[3] = len >> 24;
}

static void report_failed(long id, const char *message) {
  frame_begin(), frame_field("F"), frame_number(id), frame_field(message), frame_end();
}

static void report_exited(const Container *c) {
  frame_begin(), frame_field("X"), frame_number(c->id);
  if (WIFSIGNALED(c->status)) frame_field(""), frame_number(WTERMSIG(c->status));
  else frame_number(WEXITSTATUS(c->status)), frame_field("");
  frame_end();
}

static void report_output(const Container *c, int stream, const char *data, size_t len) {
  if (out_fd < 0) return;
  frame_begin(), frame_field("O"), frame_number(c->id), frame_number(stream + 1);
  buffer_append(&outbox, "", 1);
  buffer_append(&outbox, data, len);
  frame_end();
}

/* ---- ending ---- */
static void kill_all_and_exit(int code) {
  for (size_t i = 0; i < container_count; i++) killpg(containers[i].pid, SIGKILL);
  if (sock_path != NULL) unlink(sock_path);
  if (id_path != NULL) unlink(id_path);
  exit(code);
}

static void fatal(const char *what) {
  fprintf(stderr, "baton spawner: %s\n", what);
  kill_all_and_exit(70);
}

/* ---- start errors, worded as runc does (Kubernetes shows them) ---- */
/* JSON.stringify's quoting, which spawner.js uses for the same messages. */
static void append_quoted(Buffer *b, const char *s) {
  static const char named[] = "\"\"\\\\\nn\tt\rr\bb\ff"; /* pairs: character, its escape letter */
  buffer_append(b, "\"", 1);
  for (; *s; s++) {
    char escape[8] = {*s, 0};
    for (const char *p = named; *p; p += 2) if (*p == *s) escape[0] = '\\', escape[1] = p[1];
    if (escape[0] != '\\' && (unsigned char)*s < 0x20) snprintf(escape, sizeof escape, "\\u%04x", (unsigned char)*s);
    buffer_append(b, escape, strlen(escape));
  }
  buffer_append(b, "\"", 1);
}

static void append_text(Buffer *b, const char *s) { buffer_append(b, s, strlen(s)); }

/* Go's wording of an errno: strerror with a lower-case first letter. */
static void append_errno(Buffer *b, int err) {
  size_t at = b->len;
  append_text(b, strerror(err));
  if (b->data[at] >= 'A' && b->data[at] <= 'Z') b->data[at] += 'a' - 'A';
}

static void report_start_error(long id, char stage, int err, const char *command, const char *cwd) {
  Buffer m = {0};
  if (stage == 'c') {
    append_text(&m, "chdir to cwd ("), append_quoted(&m, cwd), append_text(&m, ") set in config.json failed: ");
    append_errno(&m, err);
  } else {
    append_text(&m, "exec: "), append_quoted(&m, command), append_text(&m, ": ");
    if (err == ENOENT && strchr(command, '/') != NULL) {
      append_text(&m, "stat "), append_text(&m, command), append_text(&m, ": "), append_errno(&m, ENOENT);
    } else if (err == ENOENT) append_text(&m, "executable file not found in $PATH");
    else append_errno(&m, err);
  }
  buffer_append(&m, "", 1);
  report_failed(id, m.data);
  free(m.data);
}

/* ---- starting ---- */
static int same_name(const char *a, const char *b) {
  size_t n = strcspn(a, "=");
  return strncmp(a, b, n) == 0 && b[n] == '=';
}

static int has_name(char **list, size_t n, const char *entry) {
  for (size_t i = 0; i < n; i++) if (same_name(list[i], entry)) return 1;
  return 0;
}

/* The inherited environment overlaid by the container's, in the order { ...base, ...overlay } gives. */
static char **container_env(char **overlay, size_t n) {
  size_t base_n = 0;
  while (base_env[base_n] != NULL) base_n++;
  char **env = checked(malloc((base_n + n + 1) * sizeof *env));
  size_t k = 0;
  for (size_t i = 0; i < base_n; i++) {
    env[k] = base_env[i];
    for (size_t j = 0; j < n; j++) if (same_name(base_env[i], overlay[j])) env[k] = overlay[j];
    k++;
  }
  for (size_t j = 0; j < n; j++) if (!has_name(base_env, base_n, overlay[j])) env[k++] = overlay[j];
  env[k] = NULL;
  return env;
}

/*
 * In the child: never returns. A failure goes to the parent as (stage, errno) on status_fd. After
 * vfork it shares our memory, so it only makes system calls; signal dispositions are its own.
 */
static void exec_container(char **argv, const char *cwd, const int out[2], const int err[2], int status_fd) {
  int signals[] = {SIGINT, SIGHUP, SIGPIPE, SIGTERM, SIGCHLD};
  for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) signal(signals[i], SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  setpgid(0, 0); /* its own process group, so a kill reaches its children too */
#if defined(__linux__)
  /* Surviving, nobody else would end it if we were killed: it dies with us, as it would with Baton. */
  if (survive) prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC); /* closed by exec; its dup on 0 stays */
  dup2(null_fd, 0), dup2(out[1], 1), dup2(err[1], 2);
  int report[2] = {'c', 0};
  if (cwd[0] == '\0' || chdir(cwd) == 0) {
    execvp(argv[0], argv);
    report[0] = 'e';
  }
  report[1] = errno;
  ssize_t ignored = write(status_fd, report, sizeof report);
  (void)ignored;
  _exit(127);
}

static void close_pair(const int fds[2]) {
  if (fds[0] >= 0) close(fds[0]);
  if (fds[1] >= 0) close(fds[1]);
}

static Container *add_container(void) {
  if (container_count == container_cap) {
    container_cap = container_cap ? container_cap * 2 : 64;
    containers = checked(realloc(containers, container_cap * sizeof *containers));
  }
  return &containers[container_count++];
}

/*
 * Forks; returns the pid, or 0 after reporting why not. The exec's outcome arrives later on
 * status[0] (closed by a successful exec), so the loop goes on while the kernel loads the program.
 */
static pid_t fork_container(long id, char **argv, char **env, const char *cwd, int out[2], int err[2], int status[2]) {
  if (make_pipe(out) != 0 || make_pipe(err) != 0 || make_pipe(status) != 0) {
    report_start_error(id, 'e', errno, argv[0], cwd);
    close_pair(out), close_pair(err), close_pair(status);
    return 0;
  }
  /* Blocked across fork, so no handler runs in the child and writes to our signal pipe. */
  sigset_t all, previous;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &previous);
  char **own_env = environ;
  environ = env; /* execvp searches the container's PATH, as runc does */
  pid_t pid = FORK();
  if (pid == 0) exec_container(argv, cwd, out, err, status[1]);
  int fork_errno = errno;
  environ = own_env;
  sigprocmask(SIG_SETMASK, &previous, NULL);
  close(out[1]), close(err[1]), close(status[1]);
  out[1] = err[1] = status[1] = -1;
  if (pid > 0) return pid;
  report_start_error(id, 'e', fork_errno, argv[0], cwd);
  close_pair(out), close_pair(err), close_pair(status);
  return 0;
}

/* fields: argc argv... envc env... (after id, flags, cwd, logPath, tag) */
static void start_container(long id, int flags, const char *cwd, const char *log_path, const char *tag, char **fields, size_t n) {
  size_t argc = n > 0 ? strtoul(fields[0], NULL, 10) : 0;
  size_t envc = argc + 1 < n ? strtoul(fields[argc + 1], NULL, 10) : 0;
  if (n == 0 || argc + 2 + envc != n) fatal("malformed start request");
  if (argc == 0 || fields[1][0] == '\0') {
    report_failed(id, "no command specified");
    return;
  }
  char **argv = checked(malloc((argc + 1) * sizeof *argv));
  memcpy(argv, fields + 1, argc * sizeof *argv);
  argv[argc] = NULL;
  char **env = container_env(fields + argc + 2, envc);
  int out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
  pid_t pid = fork_container(id, argv, env, cwd, out, err, status);
  free(argv), free(env);
  if (pid == 0) return;
  setpgid(pid, pid); /* as the child does: whichever runs first, a kill finds the group */
  /* Only our ends are non-blocking: the container's own writes must block when the pipe is full. */
  set_nonblocking(out[0]), set_nonblocking(err[0]), set_nonblocking(status[0]);
  Container *c = add_container();
  *c = (Container){.id = id, .pid = pid, .fd = {out[0], err[0], status[0]}, .log_fd = -1, .forward = flags & 1};
  if (survive) c->tag = checked(strdup(tag)), c->keep = (flags & 2) != 0;
  c->log_path = checked(strdup(log_path));
  c->command = checked(strdup(fields[1]));
  c->cwd = checked(strdup(cwd));
}

/*
 * Surviving: the report just framed (an X or F) is kept for a later hand-over, with what the next
 * client needs to take the container over; without a client it leaves the outbox.
 */
static void remember_end(Container *c) {
  if (!survive) return;
  if (ended_count == ended_cap && ended_first > 0) { /* the space of the expired, before growing */
    memmove(ended, ended + ended_first, (ended_count - ended_first) * sizeof *ended);
    ended_count -= ended_first, ended_first = 0;
  }
  if (ended_count == ended_cap) {
    ended_cap = ended_cap ? ended_cap * 2 : 64;
    ended = checked(realloc(ended, ended_cap * sizeof *ended));
  }
  Ended *e = &ended[ended_count++];
  *e = (Ended){.id = c->id, .pid = c->pid, .tag = c->tag, .kept = c->kept, .until = out_fd >= 0 ? now_ms() + ENDED_KEEP_MS : LLONG_MAX};
  c->tag = NULL, c->kept = (Buffer){0};
  /* The frame as sent, with one more field for a hand-over: when it happened. */
  char at[24];
  snprintf(at, sizeof at, "%lld", clock_ms(CLOCK_REALTIME));
  buffer_append(&e->frame, outbox.data + frame_start, outbox.len - frame_start);
  buffer_append(&e->frame, "", 1);
  buffer_append(&e->frame, at, strlen(at));
  uint32_t len = (uint32_t)(e->frame.len - 4);
  unsigned char *p = (unsigned char *)e->frame.data;
  p[0] = len & 0xff, p[1] = (len >> 8) & 0xff, p[2] = (len >> 16) & 0xff, p[3] = len >> 24;
  if (out_fd < 0) outbox.len = frame_start;
}

/* Without a client nothing expires; with one, `until` only grows along the list. */
static void prune_ended(void) {
  if (out_fd < 0 || ended_first == ended_count) return;
  long long now = now_ms();
  for (; ended_first < ended_count && ended[ended_first].until <= now; ended_first++) {
    Ended *e = &ended[ended_first];
    free(e->tag), free(e->kept.data), free(e->frame.data);
  }
  if (ended_first == ended_count) ended_first = ended_count = 0;
}

static void report_started(Container *c) {
  if (!c->start_pending) return;
  c->start_pending = 0;
  if (out_fd >= 0) frame_begin(), frame_field("S"), frame_number(c->id), frame_number(c->pid), frame_end();
}

static void report_due_starts(void) {
  long long now = -1;
  for (size_t i = 0; i < container_count; i++) {
    Container *c = &containers[i];
    if (!c->start_pending) continue;
    if (now < 0) now = now_ms();
    if (c->start_due <= now) report_started(c);
  }
}

/*
 * The child's verdict: end of file means exec succeeded; (stage, errno) means it did not. `final`:
 * the process is gone and nothing more will come (a sibling forked meanwhile may hold the pipe).
 */
static void read_exec_status(Container *c, int final) {
  int report[2];
  ssize_t n = read(c->fd[2], report, sizeof report);
  if (n < 0 && (errno == EINTR || errno == EAGAIN) && !final) return;
  close(c->fd[2]);
  c->fd[2] = -1;
  if (n == (ssize_t)sizeof report) {
    c->failed = 1;
    report_start_error(c->id, (char)report[0], report[1], c->command, c->cwd);
    remember_end(c);
  } else if (out_fd >= 0) {
    c->start_pending = 1;
    c->start_due = now_ms() + START_HOLD_MS;
  }
  free(c->command), free(c->cwd);
  c->command = c->cwd = NULL;
}

/* ---- output ---- */
static void make_parents(const char *path) {
  char *copy = checked(strdup(path));
  for (char *slash = strchr(copy + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    mkdir(copy, 0777);
    *slash = '/';
  }
  free(copy);
}

static int open_log(const char *path) {
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
  int fd = open(path, flags, 0666);
  if (fd < 0 && errno == ENOENT) make_parents(path), fd = open(path, flags, 0666);
  if (fd < 0) fprintf(stderr, "baton spawner: cannot open log %s: %s\n", path, strerror(errno));
  return fd < 0 ? -2 : fd; /* -2: unusable; the output is still forwarded */
}

static void write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    data += n, len -= (size_t)n;
  }
}

/* Up to this much of one unfinished line waits for its end; a longer line is written in pieces. */
#define MAX_PARTIAL_LINE 65536

static void flush_partial(Container *c, int stream) {
  Buffer *p = &c->partial[stream];
  if (p->len > 0 && c->log_fd >= 0) write_all(c->log_fd, p->data, p->len);
  p->len = 0;
}

/* stdout and stderr share one file: only whole lines go in, so one stream never splits another's line. */
static void log_lines(Container *c, int stream, const char *data, size_t len) {
  Buffer *p = &c->partial[stream];
  const char *end = memrchr(data, '\n', len);
  if (end == NULL) {
    buffer_append(p, data, len);
    if (p->len >= MAX_PARTIAL_LINE) flush_partial(c, stream);
    return;
  }
  size_t whole = (size_t)(end - data) + 1;
  flush_partial(c, stream);
  write_all(c->log_fd, data, whole);
  buffer_append(p, end + 1, len - whole);
}

static void read_output(Container *c, int stream) {
  static char chunk[65536];
  ssize_t n = read(c->fd[stream], chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    close(c->fd[stream]);
    c->fd[stream] = -1;
    flush_partial(c, stream);
    return;
  }
  if (c->log_fd == -1) c->log_fd = open_log(c->log_path);
  if (stream == 0 && c->keep && c->kept.len < KEEP_MAX) {
    buffer_append(&c->kept, chunk, (size_t)n < KEEP_MAX - c->kept.len ? (size_t)n : KEEP_MAX - c->kept.len);
  }
  /* Synchronous: the bytes are in the file before the exit is reported, whole lines interleaved as they came. */
  if (c->log_fd >= 0) log_lines(c, stream, chunk, (size_t)n);
  if (c->forward) report_started(c), report_output(c, stream, chunk, (size_t)n);
}

/* ---- exits ---- */
static Container *find_pid(pid_t pid) {
  for (size_t i = 0; i < container_count; i++) if (containers[i].pid == pid) return &containers[i];
  return NULL;
}

static Container *find_id(long id) {
  for (size_t i = 0; i < container_count; i++) if (containers[i].id == id) return &containers[i];
  return NULL;
}

static void reap_children(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0 || (pid < 0 && errno == EINTR)) {
    Container *c = pid > 0 ? find_pid(pid) : NULL;
    if (c == NULL) continue;
    c->exited = 1, c->status = status;
    /* As when a container's init process ends: whatever else ran in the container dies with it. */
    killpg(pid, SIGKILL);
    c->drain_deadline = now_ms() + PIPE_DRAIN_MS;
  }
}

/*
 * An exit is reported once the process is reaped, its start reported and both pipes drained (or
 * given up on: a process that left the group may hold them open).
 */
static void finish_containers(void) {
  long long now = now_ms();
  for (size_t i = 0; i < container_count;) {
    Container *c = &containers[i];
    int drained = c->fd[0] < 0 && c->fd[1] < 0 && c->fd[2] < 0;
    if (!c->exited || (!drained && now < c->drain_deadline)) {
      i++;
      continue;
    }
    if (c->fd[2] >= 0) read_exec_status(c, 1);
    close_pair(c->fd);
    flush_partial(c, 0), flush_partial(c, 1);
    free(c->partial[0].data), free(c->partial[1].data);
    if (c->log_fd >= 0) close(c->log_fd);
    if (!c->failed) report_started(c), report_exited(c), remember_end(c);
    free(c->log_path), free(c->tag), free(c->kept.data);
    *c = containers[--container_count];
  }
}

/* ---- requests ---- */
static void kill_request(char **fields, size_t n) {
  int signo = n > 0 ? atoi(fields[0]) : 0;
  if (signo != SIGTERM && signo != SIGKILL) fatal("malformed kill request");
  for (size_t i = 1; i < n; i++) {
    Container *c = find_id(atol(fields[i]));
    if (c != NULL) killpg(c->pid, signo);
  }
}

/* payload is NUL-terminated one byte past len, so every field is a C string in place. */
static void handle_request(char *payload, size_t len) {
  size_t n = 1;
  for (size_t i = 0; i < len; i++) n += payload[i] == '\0';
  char **fields = checked(malloc(n * sizeof *fields));
  fields[0] = payload;
  for (size_t i = 0, k = 1; i < len; i++) if (payload[i] == '\0') fields[k++] = payload + i + 1;
  if (strcmp(fields[0], "s") == 0 && n >= 7) {
    start_container(atol(fields[1]), atoi(fields[2]), fields[3], fields[4], fields[5], fields + 6, n - 6);
  } else if (strcmp(fields[0], "k") == 0) {
    kill_request(fields + 1, n - 1);
  } else if (strcmp(fields[0], "q") == 0) {
    kill_all_and_exit(0);
  } else {
    fatal("unknown request");
  }
  free(fields);
}

static void handle_requests(void) {
  size_t at = 0;
  while (inbox.len - at >= 4) {
    const unsigned char *p = (const unsigned char *)inbox.data + at;
    size_t len = p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
    if (inbox.len - at - 4 < len) break;
    char *payload = checked(malloc(len + 1));
    memcpy(payload, p + 4, len);
    payload[len] = '\0';
    handle_request(payload, len);
    free(payload);
    at += 4 + len;
  }
  buffer_consume(&inbox, at);
}

/* ---- the client ---- */
/*
 * Baton closed us, or died. Surviving, the containers go on; what the outbox held is dropped (a
 * frame may be half sent): the exits in it are kept as Ended records, the rest the next client
 * learns from the hand-over, and output is in the logs.
 */
static void client_gone(void) {
  if (!survive) kill_all_and_exit(0);
  if (in_fd > 2) {
    close(in_fd);
  } else { /* stdin and stdout: kept taken, so that no new pipe lands on a standard fd */
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 0), dup2(null_fd, 1);
    if (null_fd > 2) close(null_fd);
  }
  in_fd = out_fd = -1;
  outbox.len = inbox.len = 0;
  for (size_t i = ended_first; i < ended_count; i++) ended[i].until = LLONG_MAX;
}

static void report_adopted(long id, pid_t pid, const char *tag, const Buffer *kept) {
  frame_begin(), frame_field("A"), frame_number(id), frame_number(pid), frame_field(tag != NULL ? tag : ""), frame_end();
  if (kept->len == 0) return;
  frame_begin(), frame_field("C"), frame_number(id);
  buffer_append(&outbox, "", 1);
  buffer_append(&outbox, kept->data, kept->len);
  frame_end();
}

/* A new client learns every container it now owns and every exit it may not have recorded. */
static void hand_over(void) {
  long long until = now_ms() + ENDED_KEEP_MS;
  for (size_t i = 0; i < container_count; i++) {
    Container *c = &containers[i];
    c->start_pending = 0; /* A tells the new client it runs */
    if (!c->failed) report_adopted(c->id, c->pid, c->tag, &c->kept);
  }
  for (size_t i = ended_first; i < ended_count; i++) {
    Ended *e = &ended[i];
    report_adopted(e->id, e->pid, e->tag, &e->kept);
    buffer_append(&outbox, e->frame.data, e->frame.len);
    e->until = until;
  }
  frame_begin(), frame_field("H"), frame_number(getpid()), frame_end();
}

static void accept_client(void) {
  int fd = accept(listen_fd, NULL, NULL);
  if (fd < 0) return;
  if (out_fd >= 0) { /* one client at a time */
    close(fd);
    return;
  }
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  set_nonblocking(fd);
  in_fd = out_fd = fd;
  hand_over();
}

/* In <dir>, entered for the bind: a socket path is limited to about 100 bytes, a home is not. */
static void listen_socket(const char *dir) {
  char name[40];
  snprintf(name, sizeof name, "%ld.sock", (long)getpid());
  size_t len = strlen(dir) + sizeof name + 2;
  sock_path = checked(malloc(len)), id_path = checked(malloc(len));
  snprintf(sock_path, len, "%s/%s", dir, name);
  snprintf(id_path, len, "%s/%ld.id", dir, (long)getpid());
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  memcpy(address.sun_path, name, strlen(name) + 1);
  int here = open(".", O_RDONLY | O_CLOEXEC);
  listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (listen_fd < 0 || chdir(dir) != 0) fatal("cannot make the spawner's socket");
  unlink(name); /* left by an earlier process of our pid */
  int bound = bind(listen_fd, (struct sockaddr *)&address, sizeof address) == 0 && listen(listen_fd, 4) == 0;
  if (here < 0 || fchdir(here) != 0) fatal("cannot return to the working directory");
  close(here);
  if (!bound) fatal("cannot listen on the spawner's socket");
  fcntl(listen_fd, F_SETFD, FD_CLOEXEC);
  set_nonblocking(listen_fd);
}

static void read_requests(void) {
  char chunk[65536];
  ssize_t n = read(in_fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    client_gone(); /* Baton closed us, or died */
    return;
  }
  buffer_append(&inbox, chunk, (size_t)n);
  handle_requests();
}

/* Non-blocking: a slow Baton leaves reports in the outbox, never stalls the loop. */
static void flush_reports(void) {
  while (outbox.len > 0 && out_fd >= 0) {
    ssize_t n = write(out_fd, outbox.data, outbox.len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0) {
      client_gone(); /* EPIPE: Baton is gone */
      return;
    }
    buffer_consume(&outbox, (size_t)n);
  }
}

/* ---- signals: the handler only notes the signal; the loop acts on it ---- */
static void note_signal(int signo) {
  int saved = errno;
  unsigned char byte = (unsigned char)signo;
  ssize_t ignored = write(signal_pipe[1], &byte, 1);
  (void)ignored;
  errno = saved;
}

static void handle_signals(void) {
  unsigned char bytes[64];
  ssize_t n;
  while ((n = read(signal_pipe[0], bytes, sizeof bytes)) > 0) {
    for (ssize_t i = 0; i < n; i++) if (bytes[i] == SIGTERM) kill_all_and_exit(0);
  }
  reap_children();
}

static void install_signals(void) {
  if (make_pipe(signal_pipe) != 0) fatal("cannot create the signal pipe");
  set_nonblocking(signal_pipe[0]), set_nonblocking(signal_pipe[1]);
  struct sigaction action = {0};
  action.sa_handler = note_signal;
  action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  /* A terminal's Ctrl-C or hang-up is Baton's to handle; Baton closes us when it is done. */
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
}

/* ---- the loop ---- */
static int poll_timeout(void) {
  long long timeout = PARENT_CHECK_MS, now = now_ms();
  for (size_t i = 0; i < container_count; i++) {
    if (containers[i].exited && containers[i].drain_deadline - now < timeout) timeout = containers[i].drain_deadline - now;
    if (containers[i].start_pending && containers[i].start_due - now < timeout) timeout = containers[i].start_due - now;
  }
  return timeout < 0 ? 0 : (int)timeout;
}

/* Surviving without a client and with nothing running, for idle_ms: nothing is left to hand over. */
static void exit_if_idle(void) {
  if (out_fd >= 0 || container_count > 0) {
    alone_since = -1;
    return;
  }
  long long now = now_ms();
  if (alone_since < 0) alone_since = now;
  else if (now - alone_since >= idle_ms) kill_all_and_exit(0);
}

static void run_once(void) {
  static struct pollfd *fds;
  static size_t fds_cap;
  size_t n = 4;
  if (fds_cap < 4 + 3 * container_count) {
    fds_cap = 4 + 3 * container_cap;
    fds = checked(realloc(fds, fds_cap * sizeof *fds));
  }
  fds[0] = (struct pollfd){.fd = in_fd, .events = POLLIN};
  fds[1] = (struct pollfd){.fd = signal_pipe[0], .events = POLLIN};
  fds[2] = (struct pollfd){.fd = outbox.len > 0 ? out_fd : -1, .events = POLLOUT};
  fds[3] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
  for (size_t i = 0; i < container_count; i++) {
    for (int s = 0; s < 3; s++) fds[n++] = (struct pollfd){.fd = containers[i].fd[s], .events = POLLIN};
  }
  if (poll(fds, (nfds_t)n, poll_timeout()) < 0 && errno != EINTR) fatal("poll failed");
  if (fds[1].revents) handle_signals();
  for (size_t i = 0, k = 4; k < n; i++) {
    for (int s = 0; s < 3; s++, k++) {
      if (fds[k].fd < 0 || !fds[k].revents) continue;
      if (s == 2) read_exec_status(&containers[i], 0);
      else read_output(&containers[i], s);
    }
  }
  /* A client's end before a new client: the old one's EOF frees the place. */
  if (fds[0].revents && in_fd >= 0) read_requests();
  if (fds[3].revents) accept_client();
  finish_containers();
  report_due_starts();
  flush_reports();
  if (!survive && getppid() != parent_pid) kill_all_and_exit(0);
  if (survive) prune_ended(), exit_if_idle();
}

/* Fds 0-2 must be taken, so no pipe of ours lands on them and is clobbered by a child's dup2. */
static void reserve_standard_fds(void) {
  int fd;
  do fd = open("/dev/null", O_RDWR); while (fd >= 0 && fd <= 2);
  if (fd > 2) close(fd);
}

int main(int argc, char **argv) {
  static char *no_env[] = {NULL};
  const char *dir = NULL;
  base_env = environ;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--no-inherit-env") == 0) base_env = no_env;
    else if (strcmp(argv[i], "--survive") == 0 && i + 2 < argc) survive = 1, dir = argv[++i], idle_ms = atoll(argv[++i]);
  }
  parent_pid = getppid();
#if defined(__linux__)
  if (!survive) {
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* the parent's death reaches us at once, not at the next check */
    if (getppid() != parent_pid) return 0;
  }
#endif
  reserve_standard_fds();
  setsid(); /* Baton starts us detached already; this keeps us apart when started by hand */
  install_signals();
  set_nonblocking(1);
  fcntl(1, F_SETFD, FD_CLOEXEC);
  if (survive) listen_socket(dir);
  for (;;) run_once();
}
