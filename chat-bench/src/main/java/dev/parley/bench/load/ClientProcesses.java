package dev.parley.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle workload's client side spread over child JVMs ({@link IdleClientProcess}, on this JVM's
 * class path), each holding its share of the sessions, so that this process holds only the server's
 * end of each connection. Members are dealt out in turn, so that every child has its share of each
 * user. Closing tells every child to close its connections, and waits for it to exit.
 */
final class ClientProcesses implements AutoCloseable {

    /** A child's heap: its connections hold a few KiB each. */
    private static final String CHILD_HEAP = "-Xmx512m";

    private final List<Child> children = new ArrayList<>();
    private int connected;

    private ClientProcesses() {
    }

    /**
     * Starts {@code processes} children for these members of {@code target} over {@code wire},
     * spreading each child's connections over {@code sourceAddresses} 127.0.0.x addresses, and waits
     * until each has started.
     */
    static ClientProcesses start(LoadTarget target, Wire wire, List<Member> members, int processes,
                                 int sourceAddresses) throws IOException {
        ClientProcesses all = new ClientProcesses();
        try {
            for (int p = 0; p < processes; p++) {
                StringBuilder lines = new StringBuilder();
                for (int i = p; i < members.size(); i += processes) {
                    lines.append(target.port(wire, i)).append('\t').append(members.get(i).joinFrame()).append('\n');
                }
                Path file = Files.createTempFile("parley-idle-members-", ".tsv");
                Files.writeString(file, lines, StandardCharsets.UTF_8);
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process process = new ProcessBuilder(java, CHILD_HEAP, "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), IdleClientProcess.class.getName(), wire.name(),
                        target.path(), Integer.toString(sourceAddresses), file.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                Child child = new Child(process, file);
                all.children.add(child);
                child.expect(IdleClientProcess.READY);
            }
            return all;
        } catch (IOException | RuntimeException e) {
            all.close();
            throw e;
        }
    }

    /**
     * Tells every child to connect its members, and waits until each has them all logged in; fails
     * with every child's reason if one could not.
     *
     * @return the sessions held in all
     */
    int connect() throws IOException {
        for (Child child : children) {
            child.send(IdleClientProcess.CONNECT);
        }
        List<String> failures = new ArrayList<>();
        for (Child child : children) {
            String line = child.in.readLine();
            if (line != null && line.startsWith(IdleClientProcess.CONNECTED + " ")) {
                connected += Integer.parseInt(line.split(" ")[1]);
            } else {
                failures.add("client process " + child.process.pid() + ": "
                        + (line == null ? "ended (status " + exitStatus(child.process) + ")" : line));
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(connected + " sessions held by the client processes that succeeded; "
                    + String.join("; ", failures));
        }
        return connected;
    }

    private static String exitStatus(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Tells every child to close its connections and waits for it to exit; one that hangs is killed. */
    @Override
    public void close() {
        for (Child child : children) {
            try {
                child.send(IdleClientProcess.CLOSE);
            } catch (IOException e) {
                // It has ended already; waitFor below sees to it.
            }
        }
        for (Child child : children) {
            try {
                if (!child.process.waitFor(60, TimeUnit.SECONDS)) {
                    System.err.println("client process " + child.process.pid() + " did not exit; killing it");
                    child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Files.deleteIfExists(child.members);
                } catch (IOException e) {
                    System.err.println("could not delete " + child.members + ": " + e.getMessage());
                }
            }
        }
    }

    /** One child, its standard streams and its members file. */
    private static final class Child {
        final Process process;
        final Path members;
        final BufferedReader in;
        final Writer out;

        Child(Process process, Path members) {
            this.process = process;
            this.members = members;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        void send(String line) throws IOException {
            out.write(line + "\n");
            out.flush();
        }

        void expect(String line) throws IOException {
            String got = in.readLine();
            if (!line.equals(got)) {
                throw new IllegalStateException("client process " + process.pid() + " said "
                        + (got == null ? "nothing and ended (status " + exitStatus(process) + ")" : "'" + got + "'")
                        + " where it should have said '" + line + "'");
            }
        }
    }
}
