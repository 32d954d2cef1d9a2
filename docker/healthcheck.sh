#!/bin/sh
# Container health: Concord answers HTTP on its port. The probe is a SPARQL ASK on the
# read-only endpoint (the web module has no /q/health): 2xx means up; 401 or 403 also
# means up, with the endpoint closed to anonymous users (CONCORD_SPARQL_PUBLIC=false).
code=$(curl -s -o /dev/null -m 8 -w '%{http_code}' \
  "http://127.0.0.1:${QUARKUS_HTTP_PORT:-8080}/sparql?query=ASK%7B%7D") || code=000
case "$code" in
  2??|401|403) exit 0 ;;
  *) echo "concord health: GET /sparql answered HTTP $code" >&2; exit 1 ;;
esac
