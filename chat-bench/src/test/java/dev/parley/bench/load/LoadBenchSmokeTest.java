package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload for a moment at a low rate against Parley and both baselines, over real
 * connections, and checks that messages flowed and were timed; never how fast.
 */
class LoadBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("pairs, room, rooms, idle and drain run against Parley, bare Jetty and bare Netty; every message is delivered and timed, every session held, every drained user gets its messages once")
    void everyWorkloadFlows() throws Exception {
        Path json = dir.resolve("results.json");
        LoadOptions options = LoadOptions.parse("--pairs=3", "--rates=40", "--room-members=6", "--room-senders=2",
                "--room-rate=20", "--rooms=3", "--rooms-size=4", "--rooms-senders=2", "--rooms-rate=30",
                "--idle-sessions=6", "--drain-users=5", "--drain-messages=12", "--drain-page=5", "--drain-timeout=60s",
                "--warmup=300ms", "--measure=1s", "--drain=10s", "--warmup-round=false",
                "--source-addresses=3",
                "--json=" + json, "--data-dir=" + dir.resolve("data"));

        BenchReport report = new LoadBench(options).run();
        report.writeJson(json);

        List<String> expected = List.of("parley/WS/pairs", "jetty/WS/pairs", "parley/TCP/pairs", "netty/TCP/pairs",
                "parley/WS/room", "jetty/WS/room", "parley/TCP/room", "netty/TCP/room",
                "parley/WS/rooms", "jetty/WS/rooms", "parley/TCP/rooms", "netty/TCP/rooms");
        assertThat(report.runs()).extracting(r -> r.target() + "/" + r.wire() + "/" + r.workload())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (RunResult run : report.runs()) {
            String name = run.target() + "/" + run.wire() + "/" + run.workload();
            assertThat(run.sent()).as(name + " sent").isPositive();
            assertThat(run.expected()).as(name + " expected")
                    .isEqualTo(run.sent() * (run.workload().equals("pairs") ? 1 : run.workload().equals("room") ? 5 : 3));
            assertThat(run.senders()).as(name + " senders").isEqualTo(run.workload().equals("rooms") ? 6 : run.workload().equals("room") ? 2 : 3);
            assertThat(run.delivered()).as(name + " delivered").isEqualTo(run.expected());
            assertThat(run.errors()).as(name + " errors").isZero();
            assertThat(run.disconnects()).as(name + " connections cut").isZero();
            assertThat(run.p50Ms()).as(name + " p50").isPositive().isLessThanOrEqualTo(run.p99Ms());
            assertThat(run.maxMs()).as(name + " max").isGreaterThanOrEqualTo(run.p99Ms());
            assertThat(run.clientCpuPct()).as(name + " client CPU").isPositive();
            if (run.target().equals("parley")) {
                // The engine's writer committed the window's messages, as its meters report them.
                assertThat(run.writerCommitMeanMs()).as(name + " commit mean").isPositive();
                assertThat(run.writerCommitP99Ms()).as(name + " commit p99").isGreaterThanOrEqualTo(run.writerCommitMeanMs());
                assertThat(run.writerCommitMaxMs()).as(name + " longest commit").isGreaterThanOrEqualTo(run.writerCommitP99Ms());
                assertThat(run.writerBatchMean()).as(name + " messages per commit").isGreaterThanOrEqualTo(1.0);
            } else {
                assertThat(run.writerBatchMean()).as(name + " has no writer").isNaN();
            }
        }
        assertThat(report.ramps()).extracting(RampSummary::wire).containsExactly("WS", "TCP");
        assertThat(report.idle()).extracting(r -> r.target() + "/" + r.wire())
                .containsExactly("parley/WS", "jetty/WS", "parley/TCP", "netty/TCP");
        for (IdleResult idle : report.idle()) {
            String name = idle.target() + "/" + idle.wire() + "/idle";
            assertThat(idle.sessions()).as(name + " sessions").isEqualTo(6);
            assertThat(idle.connectsPerSecond()).as(name + " connects/s").isPositive();
            assertThat(idle.threadsAfter()).as(name + " threads").isPositive();
        }

        assertThat(report.drains()).extracting(r -> r.target() + "/" + r.wire())
                .containsExactly("parley/WS", "jetty/WS", "parley/TCP", "netty/TCP");
        for (DrainResult drain : report.drains()) {
            String name = drain.target() + "/" + drain.wire() + "/drain";
            assertThat(drain.expected()).as(name + " expected").isEqualTo(60);
            assertThat(drain.received()).as(name + " received, distinct per user").isEqualTo(60);
            assertThat(drain.duplicates()).as(name + " duplicates").isZero();
            assertThat(drain.usersComplete()).as(name + " users with all their messages").isEqualTo(5);
            assertThat(drain.usersWrong() + drain.usersUnfinished()).as(name + " users short").isZero();
            assertThat(drain.errors()).as(name + " errors").isZero();
            assertThat(drain.complete()).as(name + " complete").isTrue();
            assertThat(drain.seconds()).as(name + " seconds").isPositive();
            assertThat(drain.doneP50Ms()).as(name + " p50").isPositive().isLessThanOrEqualTo(drain.doneP99Ms());
            if (drain.target().equals("parley")) {
                // 12 messages in pages of 5: three syncs per user, the last one without hasMore.
                assertThat(drain.syncs()).as(name + " syncs").isEqualTo(15);
            } else {
                assertThat(drain.syncs()).as(name + " syncs").isZero();
            }
        }

        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.path("runs")).hasSize(expected.size());
        assertThat(written.path("idle")).hasSize(4);
        assertThat(written.path("drains")).hasSize(4);
        assertThat(written.path("machine").path("cores").asInt()).isPositive();
        String table = ReportTable.render(report);
        assertThat(table).contains("Parley writer commit mean / p99 / max ms, msgs per commit");
        assertThat(table).contains("| pairs | WS | 6 | 40 |", "| room | TCP | 6 | 20 |", "| rooms | WS | 12 | 30 |",
                "| idle | WS | 6 |", "| drain | TCP | 5 × 12 |", "5 of 5", "jetty", "netty");
    }

    @Test
    @DisplayName("with --database=mariadb Parley runs on a database of its own on MariaDB, 1:1 messages flow and drained users get their messages")
    void mariaDb() throws Exception {
        LoadOptions options = LoadOptions.parse("--database=mariadb", "--workloads=pairs,drain", "--wires=ws", "--pairs=3",
                "--drain-users=4", "--drain-messages=7", "--drain-page=3",
                "--rates=40", "--warmup=300ms", "--measure=1s", "--drain=10s", "--warmup-round=false",
                "--source-addresses=2", "--json=" + dir.resolve("results.json"), "--data-dir=" + dir.resolve("data"));

        BenchReport report = new LoadBench(options).run();

        assertThat(report.machine()).containsEntry("parleyDatabase", "mariadb");
        assertThat(report.runs()).extracting(r -> r.target() + "/" + r.wire()).containsExactly("parley/WS", "jetty/WS");
        for (RunResult run : report.runs()) {
            assertThat(run.sent()).as(run.target() + " sent").isPositive();
            assertThat(run.delivered()).as(run.target() + " delivered").isEqualTo(run.expected());
            assertThat(run.errors()).as(run.target() + " errors").isZero();
        }
        assertThat(report.drains()).extracting(r -> r.target() + "/" + r.wire()).containsExactly("parley/WS", "jetty/WS");
        for (DrainResult drain : report.drains()) {
            assertThat(drain.received()).as(drain.target() + " drained, distinct per user").isEqualTo(28);
            assertThat(drain.usersComplete()).as(drain.target() + " users with all their messages").isEqualTo(4);
            assertThat(drain.complete()).as(drain.target() + " drain complete").isTrue();
        }
    }

    @Test
    @DisplayName("with --client-processes the idle workload's sessions are held by a child JVM, logged in to Parley (its own count) and joined to both baselines, and reported as the server's end only")
    void idleInClientProcesses() throws Exception {
        LoadOptions options = LoadOptions.parse("--workloads=idle", "--idle-sessions=6", "--client-processes=1",
                "--warmup-round=false", "--source-addresses=3", "--json=" + dir.resolve("results.json"),
                "--data-dir=" + dir.resolve("data"));

        BenchReport report = new LoadBench(options).run();

        assertThat(report.idle()).extracting(r -> r.target() + "/" + r.wire())
                .containsExactly("parley/WS", "jetty/WS", "parley/TCP", "netty/TCP");
        for (IdleResult idle : report.idle()) {
            String name = idle.target() + "/" + idle.wire() + "/idle";
            assertThat(idle.sessions()).as(name + " sessions the child reported").isEqualTo(6);
            assertThat(idle.clientProcesses()).as(name + " client processes").isEqualTo(1);
            assertThat(idle.serverOnly()).as(name + " heap of the server's end only").isTrue();
            assertThat(idle.connectsPerSecond()).as(name + " connects/s").isPositive();
            assertThat(idle.threadsAfter()).as(name + " threads").isPositive();
            assertThat(idle.openFilesAfter()).as(name + " files open").isGreaterThanOrEqualTo(6);
            // Parley counts its logged-in sessions: the child's six, and no more (none left from another run).
            assertThat(idle.serverSessions()).as(name + " sessions by the server's count")
                    .isEqualTo(idle.target().equals("parley") ? 6 : -1);
        }
        assertThat(ReportTable.render(report)).contains("| idle | WS | 6 | 1 | the server's end |");
    }

    @Test
    @DisplayName("an unknown option or a bad value is refused with the list of options")
    void badOptions() {
        assertThatThrownBy(() -> LoadOptions.parse("--rate=5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--rate=5'").hasMessageContaining("--rates=");
        assertThatThrownBy(() -> LoadOptions.parse("--workloads=storm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown workload 'storm'");
        assertThatThrownBy(() -> LoadOptions.parse("--rooms-size=3", "--rooms-senders=4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rooms-senders at most rooms-size");
        assertThatThrownBy(() -> LoadOptions.parse("--drain-messages=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drain-messages");
        assertThatThrownBy(() -> LoadOptions.parse("--idle-sessions=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle-sessions even");
        assertThatThrownBy(() -> LoadOptions.parse("--idle-sessions=4", "--client-processes=5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-processes must be 0");
        assertThatThrownBy(() -> LoadOptions.parse("--client-processes=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-processes must be 0");
        assertThatThrownBy(() -> LoadOptions.parse("--database=oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown database 'oracle'");
        assertThatThrownBy(() -> LoadOptions.parse("--room-members=3", "--room-senders=4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room-senders at most room-members");
    }
}
