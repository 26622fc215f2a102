/*
 * Cross-check helper for test/env/glibc.test.ts: prints what glibc's own resolver
 * initialisation makes of /etc/resolv.conf and the LOCALDOMAIN / RES_OPTIONS environment.
 *
 * It only initialises state (res_ninit) and parses address text (inet_aton, inet_pton). It
 * never sends a query: the cross-check must not put DNS traffic on the network. The test
 * runs it inside private mount and UTS namespaces (in a user namespace of its own when not
 * root) with a fixture bind-mounted over /etc/resolv.conf, so the host's own files and name
 * are never changed.
 *
 *   glibc-resinit -H NAME ...    first sets the host name to NAME (sethostname, which a user
 *                                namespace allows where /proc/sys/kernel/hostname is not
 *                                writable), then does what the rest of the arguments say
 *   glibc-resinit                JSON of _res after res_ninit
 *   glibc-resinit addr S...      JSON: for each S, what inet_aton / inet_pton(AF_INET, AF_INET6) give
 *   glibc-resinit hosts NAME...  JSON: getaddrinfo's canonical name and addresses for each NAME
 *   glibc-resinit hostaddr A...  JSON: getnameinfo's name for each address A
 *   glibc-resinit services       JSON: every getservent entry
 *
 * The name modes refuse to run unless /etc/nsswitch.conf says exactly `hosts: files`, so that
 * a name missing from the hosts file can never become a DNS query.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* JSON string with every byte outside printable ASCII escaped, so odd resolv.conf bytes
   (\r, tabs, non-UTF-8) survive the trip into the test unchanged. */
static void json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20 || *p >= 0x7f)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static void print_v4(struct in_addr a) {
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  json_string(buf);
}

static int print_state(void) {
  struct __res_state st;
  memset(&st, 0, sizeof st);
  if (res_ninit(&st) != 0) {
    printf("{\"error\":\"res_ninit failed\"}\n");
    return 1;
  }
  printf("{\"nscount\":%d,\"nameservers\":[", st.nscount);
  for (int i = 0; i < st.nscount && i < MAXNS; i++) {
    if (i > 0) putchar(',');
    if (st.nsaddr_list[i].sin_family == AF_INET) {
      printf("{\"family\":4,\"address\":");
      print_v4(st.nsaddr_list[i].sin_addr);
      printf(",\"port\":%u,\"scope\":0}", ntohs(st.nsaddr_list[i].sin_port));
    } else if (st._u._ext.nsaddrs[i] != NULL) {
      /* glibc keeps IPv6 servers outside nsaddr_list, in the _ext array. */
      const struct sockaddr_in6 *sa6 = st._u._ext.nsaddrs[i];
      char buf[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, &sa6->sin6_addr, buf, sizeof buf);
      printf("{\"family\":6,\"address\":");
      json_string(buf);
      printf(",\"port\":%u,\"scope\":%u}", ntohs(sa6->sin6_port), sa6->sin6_scope_id);
    } else {
      printf("{\"family\":0}");
    }
  }
  printf("],\"dnsrch\":[");
  for (int i = 0; i < MAXDNSRCH + 1 && st.dnsrch[i] != NULL; i++) {
    if (i > 0) putchar(',');
    json_string(st.dnsrch[i]);
  }
  printf("],\"defdname\":");
  json_string(st.defdname);
  printf(",\"ndots\":%u,\"retrans\":%d,\"retry\":%d,\"options\":%lu,\"nsort\":%u,\"sortlist\":[",
         st.ndots, st.retrans, st.retry, st.options, st.nsort);
  for (unsigned i = 0; i < st.nsort && i < MAXRESOLVSORT; i++) {
    struct in_addr mask = {st.sort_list[i].mask};
    if (i > 0) putchar(',');
    printf("{\"address\":");
    print_v4(st.sort_list[i].addr);
    printf(",\"mask\":");
    print_v4(mask);
    putchar('}');
  }
  printf("]}\n");
  res_nclose(&st);
  return 0;
}

static int print_addresses(int argc, char **argv) {
  putchar('[');
  for (int i = 0; i < argc; i++) {
    struct in_addr a4;
    struct in6_addr a6;
    char buf[INET6_ADDRSTRLEN];
    if (i > 0) putchar(',');
    printf("{\"input\":");
    json_string(argv[i]);
    printf(",\"aton\":");
    if (inet_aton(argv[i], &a4))
      print_v4(a4);
    else
      printf("null");
    printf(",\"pton4\":");
    if (inet_pton(AF_INET, argv[i], &a4) == 1)
      print_v4(a4);
    else
      printf("null");
    printf(",\"pton6\":");
    if (inet_pton(AF_INET6, argv[i], &a6) == 1) {
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
      json_string(buf);
    } else {
      printf("null");
    }
    putchar('}');
  }
  printf("]\n");
  return 0;
}

/* True only when every hosts lookup is answered from /etc/hosts. */
static int hosts_is_files_only(void) {
  FILE *f = fopen("/etc/nsswitch.conf", "r");
  char line[512];
  int hosts_lines = 0, ok = 1;
  if (f == NULL) return 0;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "hosts:", 6) == 0) {
      hosts_lines++;
      if (strcmp(line, "hosts: files\n") != 0) ok = 0;
    }
  }
  fclose(f);
  return ok && hosts_lines == 1;
}

static int print_hosts(int argc, char **argv) {
  putchar('[');
  for (int i = 0; i < argc; i++) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_CANONNAME;
    if (i > 0) putchar(',');
    printf("{\"name\":");
    json_string(argv[i]);
    int rc = getaddrinfo(argv[i], NULL, &hints, &res);
    if (rc != 0) {
      printf(",\"error\":%d}", rc);
      continue;
    }
    printf(",\"canonical\":");
    if (res->ai_canonname != NULL) json_string(res->ai_canonname); else printf("null");
    printf(",\"addresses\":[");
    int first = 1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
      char buf[INET6_ADDRSTRLEN];
      if (ai->ai_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, buf, sizeof buf);
      else if (ai->ai_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, buf, sizeof buf);
      else
        continue;
      if (!first) putchar(',');
      first = 0;
      json_string(buf);
    }
    printf("]}");
    freeaddrinfo(res);
  }
  printf("]\n");
  return 0;
}

static int print_host_addresses(int argc, char **argv) {
  putchar('[');
  for (int i = 0; i < argc; i++) {
    struct sockaddr_storage ss;
    socklen_t len;
    char host[NI_MAXHOST];
    memset(&ss, 0, sizeof ss);
    if (inet_pton(AF_INET, argv[i], &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
      ss.ss_family = AF_INET;
      len = sizeof(struct sockaddr_in);
    } else if (inet_pton(AF_INET6, argv[i], &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
      ss.ss_family = AF_INET6;
      len = sizeof(struct sockaddr_in6);
    } else {
      continue;
    }
    if (i > 0) putchar(',');
    printf("{\"address\":");
    json_string(argv[i]);
    printf(",\"name\":");
    if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, NULL, 0, NI_NAMEREQD) == 0)
      json_string(host);
    else
      printf("null");
    putchar('}');
  }
  printf("]\n");
  return 0;
}

static int print_services(void) {
  struct servent *se;
  int first = 1;
  putchar('[');
  setservent(0);
  while ((se = getservent()) != NULL) {
    if (!first) putchar(',');
    first = 0;
    printf("{\"name\":");
    json_string(se->s_name);
    printf(",\"port\":%u,\"protocol\":", ntohs((uint16_t)se->s_port));
    json_string(se->s_proto);
    printf(",\"aliases\":[");
    for (int i = 0; se->s_aliases[i] != NULL; i++) {
      if (i > 0) putchar(',');
      json_string(se->s_aliases[i]);
    }
    printf("]}");
  }
  endservent();
  printf("]\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "-H") == 0) {
    if (sethostname(argv[2], strlen(argv[2])) != 0) {
      perror("sethostname");
      return 2;
    }
    argc -= 2;
    argv += 2;
  }
  if (argc > 1 && strcmp(argv[1], "addr") == 0)
    return print_addresses(argc - 2, argv + 2);
  if (argc > 1 && strcmp(argv[1], "services") == 0)
    return print_services();
  if (argc > 1 && (strcmp(argv[1], "hosts") == 0 || strcmp(argv[1], "hostaddr") == 0)) {
    if (!hosts_is_files_only()) {
      fprintf(stderr, "refusing name lookups: /etc/nsswitch.conf must say exactly 'hosts: files'\n");
      return 3;
    }
    return strcmp(argv[1], "hosts") == 0 ? print_hosts(argc - 2, argv + 2) : print_host_addresses(argc - 2, argv + 2);
  }
  return print_state();
}
