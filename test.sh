#!/usr/bin/env bash
# The project's one test command: ./test.sh [extra Maven arguments]
#
# Beyond the JDK, the tests need Go and golang.org/x/mod (Debian's golang-go and
# golang-golang-x-mod-dev): the audit-proof tests run the Go verifier in
# query-side/src/test/go/tlogproof as an independent check of the proofs our
# Java code issues. The console's tests drive Debian's Chromium through its
# chromedriver (chromium, chromium-driver). They are installed here when
# missing. PostgreSQL and Kafka need nothing: each test starts its own from
# Maven artifacts.
set -euo pipefail
cd "$(dirname "$0")"
. infra/jdk.sh

packages=(golang-go golang-golang-x-mod-dev chromium chromium-driver)
xmod=/usr/share/gocode/src/golang.org/x/mod/sumdb

have_test_deps() {
    command -v go >/dev/null 2>&1 && [ -d "$xmod/note" ] && [ -d "$xmod/tlog" ] \
        && [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

if ! have_test_deps; then
    if ! command -v apt-get >/dev/null 2>&1 \
        || { [ "$(id -u)" -ne 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }; then
        echo "test.sh: the tests need the Debian packages ${packages[*]} (go, golang.org/x/mod" >&2
        echo "under /usr/share/gocode, /usr/bin/chromium and /usr/bin/chromedriver). They are missing and cannot be installed here: that needs" >&2
        echo "apt-get, run as root or with passwordless sudo. Install them with:" >&2
        echo "  sudo apt-get install ${packages[*]}" >&2
        exit 1
    fi
    echo "test.sh: installing ${packages[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
    if ! have_test_deps; then
        echo "test.sh: installed ${packages[*]}, but go, $xmod/{note,tlog}, chromium or chromedriver is still missing" >&2
        exit 1
    fi
fi

exec ./mvnw -B verify "$@"
