package io.agentshop.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before anything starts, so a clash is reported in one line instead of a server's stack trace. */
public final class Ports {

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

    /** A port that was free a moment ago; the operating system picks it. */
    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    /**
     * A first port {@code p} such that {@code p, p + step, …} ({@code count} ports) and the port after each were all
     * free a moment ago: room for nodes numbered from a base port, with a neighbour each (e.g. Kafka's controller).
     */
    public static int anyFreeRun(int count, int step) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = anyFree();
            boolean free = first + step * count < 65535;
            for (int i = 0; i < count && free; i++) {
                free = isFree(first + step * i) && isFree(first + step * i + 1);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports, " + step + " apart, on 127.0.0.1");
    }
}
