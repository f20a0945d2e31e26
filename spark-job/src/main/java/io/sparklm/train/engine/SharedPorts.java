package io.sparklm.train.engine;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * The Aeron UDP port gradient sharing binds in each JVM: a fixed port, or ({@code 0}) a free port chosen once per
 * JVM, so that several executors (and the driver's root) on one host never collide. Replaces DL4J 1.0.0-M2's
 * {@code StaticPortSupplier}, whose constructor ignores its argument: every JVM took port 49876, and executors on
 * the driver's host became their own roots and never exchanged a gradient ({@code StaticPortSupplierGuardTest}).
 * The driver's port is also the root's port the executors connect to (DL4J copies it into the configuration).
 */
public final class SharedPorts implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private static int chosen;
    private final int fixed;

    /** {@code port} > 0: that port in every JVM; 0: a free port per JVM. */
    public SharedPorts(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("shared-port must be 0 (a free port per JVM) or 1..65535, got " + port);
        }
        this.fixed = port;
    }

    @Override
    public int getPort() {
        if (fixed > 0) {
            return fixed;
        }
        synchronized (SharedPorts.class) {
            if (chosen == 0) {
                try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("0.0.0.0"))) {
                    chosen = s.getLocalPort();
                } catch (IOException e) {
                    throw new UncheckedIOException("no free UDP port for gradient sharing", e);
                }
            }
            return chosen;
        }
    }
}
