/*
 * res_nsearch as glibc does it, for test/integration/glibc-search.test.ts: for each name on the
 * command line, one JSON line with the name whose answer came back (the question of the reply)
 * and h_errno. It runs in test/support/glibc.ts's sandbox, with a resolv.conf that names only
 * the named started by the test (relayed into the sandbox's network namespace); the
 * environment (LOCALDOMAIN, RES_OPTIONS) is the test's.
 */
#include <arpa/nameser.h>
#include <netdb.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>

static const char *herr(int h) {
  switch (h) {
  case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
  case TRY_AGAIN: return "TRY_AGAIN";
  case NO_RECOVERY: return "NO_RECOVERY";
  case NO_DATA: return "NO_DATA";
  case NETDB_SUCCESS: return "NETDB_SUCCESS";
  default: return "NETDB_INTERNAL";
  }
}

int main(int argc, char **argv) {
  struct __res_state st;
  memset(&st, 0, sizeof st);
  if (res_ninit(&st) != 0) { fprintf(stderr, "res_ninit failed\n"); return 1; }
  int type = ns_t_a;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) { type = strcmp(argv[++i], "AAAA") == 0 ? ns_t_aaaa : ns_t_a; continue; }
    unsigned char answer[4096];
    int n = res_nsearch(&st, argv[i], ns_c_in, type, answer, sizeof answer);
    char qname[NS_MAXDNAME] = "";
    if (n > 0) {
      ns_msg msg;
      ns_rr rr;
      if (ns_initparse(answer, n, &msg) == 0 && ns_parserr(&msg, ns_s_qd, 0, &rr) == 0)
        snprintf(qname, sizeof qname, "%s", ns_rr_name(rr));
    }
    printf("{\"name\":\"%s\",\"ok\":%s,\"qname\":\"%s\",\"herrno\":\"%s\"}\n", argv[i], n > 0 ? "true" : "false",
           qname, n > 0 ? "NETDB_SUCCESS" : herr(st.res_h_errno));
  }
  res_nclose(&st);
  return 0;
}
