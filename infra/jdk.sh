# Sourced by run.sh, test.sh, bench.sh and faults.sh (or by hand: . infra/jdk.sh): finds the JDK the
# system is built and run with (Java 25 or later, docs/adr/0019-java-25.md) and exports JAVA_HOME and
# PATH for it.
# Looks at JAVA_HOME, then at the java on the PATH, then at the JDKs installed side by side
# (/usr/lib/jvm on Debian, /Library/Java/JavaVirtualMachines on macOS), and takes the first that is
# recent enough, so a machine whose default java is older but that has a JDK 25 beside it needs no
# setting. Every application JVM is started with the launcher's own java, so they all run on it.

agentshop_required_java=25

agentshop_java_feature() { # the feature release of the java at $1 (17, 25, ...), or nothing
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

agentshop_find_jdk() {
    local candidate java feature seen=""
    for candidate in "${JAVA_HOME:-}" "$(command -v java 2>/dev/null | xargs -r readlink -f | sed 's|/bin/java$||')" \
        /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        candidate="$(readlink -f "$candidate")"
        case "$seen" in *" $candidate ("*) continue ;; esac # one JDK under several names
        java="$candidate/bin/java"
        feature="$(agentshop_java_feature "$java")"
        seen="$seen $candidate (${feature:-?})"
        if [ -n "$feature" ] && [ "$feature" -ge "$agentshop_required_java" ]; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "$(basename "$0"): needs a JDK $agentshop_required_java or later (the system is built for and runs on it)." >&2
    echo "  JDKs found:${seen:- none}" >&2
    echo "  Install one (for example Eclipse Temurin 25) and set JAVA_HOME to it, or put its java first on the PATH." >&2
    return 1
}

# Sourced, so return: a script under set -e stops here, an interactive shell stays open.
agentshop_find_jdk || return 1
