package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The idle workload's failures: a client process that cannot connect says how many of its sessions
 * were held, and a run that needs more open files than the process may have is refused before it
 * connects.
 */
class IdleClientProcessesTest {

    @Test
    @DisplayName("a client process that cannot reach the server fails the run, saying how many of its members logged in and that none were held")
    void unreachableServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        // Nothing listens on the port any more: every connect is refused.
        try (LoadClient client = new LoadClient(1, 1); ClosedPort target = new ClosedPort(port)) {
            WorkloadRunner runner = new WorkloadRunner(client, Duration.ZERO, Duration.ZERO, Duration.ZERO);

            assertThatThrownBy(() -> runner.idle(target, Wire.TCP, 4, 1, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("0 sessions held by the client processes that succeeded")
                    .hasMessageContaining("failed could not connect every member")
                    .hasMessageContaining("(0 of 4 were logged in)");
        }
    }

    @Test
    @DisplayName("an idle run whose sessions need more open files than the process may have is refused, naming the limit and --client-processes")
    void tooManySessionsForTheFileLimit() throws Exception {
        long max = WorkloadRunner.maxOpenFiles();
        assumeThat(max).as("this JVM reports its open-file limit").isPositive().isLessThan(Integer.MAX_VALUE / 2);
        int sessions = (int) (max + max % 2);
        try (LoadClient client = new LoadClient(1, 1); ClosedPort target = new ClosedPort(1)) {
            WorkloadRunner runner = new WorkloadRunner(client, Duration.ZERO, Duration.ZERO, Duration.ZERO);

            // In this JVM both ends of each session count; with client processes, the server's end alone.
            assertThatThrownBy(() -> runner.idle(target, Wire.TCP, sessions / 2 + 2, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("this process's limit of " + max + " (ulimit -n)")
                    .hasMessageContaining("--client-processes=N");
            assertThatThrownBy(() -> runner.idle(target, Wire.TCP, sessions, 2, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the server's ends of " + sessions + " sessions");
            assertThat(target.fixturesMade).as("refused before any fixture was made").isZero();
        }
    }

    /** A TCP target on a port where nothing listens, with the baselines' join frames as its fixture. */
    private static final class ClosedPort implements LoadTarget {
        private final int port;
        int fixturesMade;

        ClosedPort(int port) {
            this.port = port;
        }

        @Override
        public String name() {
            return "closed-port";
        }

        @Override
        public String threadPrefix() {
            return "closed-port-";
        }

        @Override
        public List<Wire> wires() {
            return List.of(Wire.TCP);
        }

        @Override
        public int port(Wire wire) {
            return port;
        }

        @Override
        public List<Member> pairs(int pairs) {
            fixturesMade++;
            return RelayRooms.pairs(pairs);
        }

        @Override
        public List<Member> room(int members) {
            fixturesMade++;
            return RelayRooms.room(members);
        }

        @Override
        public void close() {
        }
    }
}
