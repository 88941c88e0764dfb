package io.agentshop.appsupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.Optional;

/**
 * A process the local launcher started ends when the launcher does, however the launcher ended: killed with SIGKILL it
 * runs no shutdown hook and stops nothing, and its children would keep their ports for the next start. The launcher
 * names itself in {@code AGENTSHOP_PARENT_PID}; a process given it exits (its own shutdown hooks run, gracefully) as
 * soon as that process is gone. Without the variable, as in production, nothing is watched.
 */
public final class ParentProcess {

    private static final Log log = LogFactory.getLog(ParentProcess.class);

    public static final String VARIABLE = "AGENTSHOP_PARENT_PID";
    /** The exit code of a process whose launcher is gone. */
    public static final int EXIT_ORPHANED = 3;

    private ParentProcess() {
    }

    /** Watches the launcher named in the environment, if any; call first thing in {@code main}. */
    public static void exitWithIt() {
        parent(System.getenv(VARIABLE)).ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.warn("the launcher (pid " + parent.pid() + ") is gone; this process ends with it");
            System.exit(EXIT_ORPHANED);
        }));
    }

    static Optional<ProcessHandle> parent(String pid) {
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        long id = Long.parseLong(pid.trim());
        Optional<ProcessHandle> parent = ProcessHandle.of(id);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            // Gone before we looked: end now rather than live on as an orphan.
            log.warn("the launcher (pid " + id + ") is already gone; this process ends");
            System.exit(EXIT_ORPHANED);
        }
        return parent;
    }
}
