package dev.parley.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The idle workload's client side in a process of its own (started by {@link ClientProcesses}), so
 * that the server's process holds one end of each connection and no more: this machine caps a
 * process at 20,000 open files.
 *
 * <p>Its arguments are the wire ({@code WS} or {@code TCP}), the WebSocket path, how many 127.0.0.x
 * source addresses to spread over, and a file of members, one a line: the port, a tab, and the join
 * frame. It speaks with the parent over its standard streams, a line each way:
 * <ol>
 *   <li>it prints {@code ready} once started;</li>
 *   <li>on {@code connect} it connects every member, at most 64 at a time, each logging in (or
 *       joining), and prints {@code connected <count> <seconds>}, or {@code failed <why>} and exits
 *       with status 1;</li>
 *   <li>it holds them, idle, until {@code close} (or the end of its input), closes them, prints
 *       {@code closed} and exits.</li>
 * </ol>
 * What goes wrong besides is written to standard error, which the parent passes on.
 */
public final class IdleClientProcess {

    /** The line the child prints once it has started. */
    static final String READY = "ready";
    /** The line that makes it connect. */
    static final String CONNECT = "connect";
    /** The line it answers with once every member is logged in. */
    static final String CONNECTED = "connected";
    /** The line it answers with if a member could not be. */
    static final String FAILED = "failed";
    /** The line that makes it close every connection and exit. */
    static final String CLOSE = "close";
    /** The line it prints once its connections are closed. */
    static final String CLOSED = "closed";

    private IdleClientProcess() {
    }

    /** {@code <WS|TCP> <path> <source addresses> <members file>}; see the class's description. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length != 4) {
            out.println(FAILED + " usage: IdleClientProcess <WS|TCP> <path> <source addresses> <members file>");
            System.exit(2);
            return;
        }
        Wire wire = Wire.valueOf(args[0]);
        FixedPorts target = FixedPorts.read(args[1], Path.of(args[3]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (LoadClient client = new LoadClient(1, Integer.parseInt(args[2]))) {
            out.println(READY);
            if (!CONNECT.equals(in.readLine())) {
                return;
            }
            long start = System.nanoTime();
            List<LoadConnection> connections;
            try {
                connections = client.connect(target, wire, target.members, "c" + ProcessHandle.current().pid());
            } catch (RuntimeException e) {
                out.println(FAILED + " " + oneLine(e.getMessage()));
                System.exit(1);
                return;
            }
            out.printf("%s %d %.3f%n", CONNECTED, connections.size(), (System.nanoTime() - start) / 1e9);
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals(CLOSE));
            LoadClient.closeAll(connections);
            out.println(CLOSED);
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
    }

    /** The members of one child and the server's port for each; it serves nothing else. */
    private static final class FixedPorts implements LoadTarget {

        private final String path;
        private final List<Member> members;
        private final int[] ports;

        private FixedPorts(String path, List<Member> members, int[] ports) {
            this.path = path;
            this.members = members;
            this.ports = ports;
        }

        static FixedPorts read(String path, Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<Member> members = new ArrayList<>(lines.size());
            int[] ports = new int[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int tab = line.indexOf('\t');
                ports[i] = Integer.parseInt(line.substring(0, tab));
                members.add(new Member(line.substring(tab + 1), 0));
            }
            return new FixedPorts(path, members, ports);
        }

        @Override
        public String name() {
            return "the server";
        }

        @Override
        public String threadPrefix() {
            return "";
        }

        @Override
        public List<Wire> wires() {
            return List.of(Wire.WS, Wire.TCP);
        }

        @Override
        public int port(Wire wire) {
            return ports[0];
        }

        @Override
        public int port(Wire wire, int member) {
            return ports[member];
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public List<Member> pairs(int pairs) {
            throw new UnsupportedOperationException("an idle client process only holds the members it was given");
        }

        @Override
        public List<Member> room(int members) {
            throw new UnsupportedOperationException("an idle client process only holds the members it was given");
        }

        @Override
        public void close() {
        }
    }
}
