package io.agentshop.infra.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks done before anything starts, so a clash is reported in one line instead of a server's stack trace. */
public final class Ports {

    /**
     * Where {@link #anyFree()} looks: below the ports the kernel hands out itself. A port chosen by the operating
     * system ({@code bind} to port 0) lies in its ephemeral range, the same range from which it picks the local port of
     * every outgoing connection; a server started on it seconds later can find it taken by a client (a Kafka broker's
     * connection to another, a pool's connection to PostgreSQL) and fail to bind. No outgoing connection is given a port
     * below that range.
     */
    static final int LOWEST = 15_000;

    /** Where the ephemeral range starts when the kernel does not say (IANA's dynamic ports, as macOS and Windows use). */
    static final int IANA_DYNAMIC = 49_152;

    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Ports this JVM has handed out: a test asks for several before it binds any, and must get different ones. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** Fails with a one-line explanation when {@code port} on the loopback interface is already taken. */
    public static void requireFree(String purpose, int port) {
        if (!isFree(port)) {
            throw new StackStartupException("port " + port + " (" + purpose + ") is already in use on 127.0.0.1;"
                    + " stop whatever holds it or choose another port (see README.md, \"Ports\")");
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As servers do: a port whose last connections linger in TIME_WAIT is free, one with a listener is not.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * A port that was free a moment ago, below the kernel's ephemeral range (see {@link #LOWEST}), so that no outgoing
     * connection takes it before its server binds it.
     */
    public static int anyFree() {
        return anyFreeRun(1, 1);
    }

    /**
     * A first port {@code p} such that {@code p, p + step, …} ({@code count} ports) and the port after each were all
     * free a moment ago: room for nodes numbered from a base port, with a neighbour each (e.g. Kafka's controller).
     */
    public static int anyFreeRun(int count, int step) {
        int end = firstEphemeral() - step * count; // the last run ends below the ephemeral range
        if (end - LOWEST < 1_000) {
            throw new IllegalStateException("the kernel's ephemeral ports start at " + firstEphemeral()
                    + ": too few ports below them for a run of " + count + ", " + step + " apart");
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (free(first, count, step) && handOut(first, count, step)) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports, " + step + " apart, on 127.0.0.1");
    }

    private static boolean free(int first, int count, int step) {
        for (int i = 0; i < count; i++) {
            if (!isFree(first + step * i) || !isFree(first + step * i + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Records the run as this JVM's, unless part of it was handed out before (not yet bound, so it looked free). */
    private static synchronized boolean handOut(int first, int count, int step) {
        for (int i = 0; i < count; i++) {
            if (HANDED_OUT.contains(first + step * i) || HANDED_OUT.contains(first + step * i + 1)) {
                return false;
            }
        }
        for (int i = 0; i < count; i++) {
            HANDED_OUT.add(first + step * i);
            HANDED_OUT.add(first + step * i + 1);
        }
        return true;
    }

    /** The first port of the kernel's ephemeral range: Linux says it, other systems use IANA's dynamic ports. */
    static int firstEphemeral() {
        try {
            // Read by lines: Files.readString gets only the first byte of this sysctl file (JDK 25).
            return Integer.parseInt(Files.readAllLines(LINUX_EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return IANA_DYNAMIC;
        }
    }
}
