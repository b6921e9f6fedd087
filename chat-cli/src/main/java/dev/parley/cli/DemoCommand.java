package dev.parley.cli;

import dev.parley.api.Conversation;
import dev.parley.api.MessageDraft;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.core.ChatEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code parley demo}: a server on in-memory H2 with a few users, friendships, a group and history. */
@Command(name = "demo",
        description = "Start a demo server on in-memory H2 with seeded users, friendships, a group and some history. Nothing is kept.",
        footer = {"", "Examples:", "  ./parley demo", "  ./parley demo --port 9000"})
final class DemoCommand implements Callable<Integer> {

    static final String PASSWORD = "parley-demo";
    /** The seeded users, offered on the web client's login screen. */
    static final List<String> USERS = List.of("alice", "bob", "carol");

    @Mixin
    ListenerOptions listeners;

    @Mixin
    LimitOptions limits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // A fresh in-memory database per run; DB_CLOSE_DELAY keeps it while the pool reconnects.
        String url = "jdbc:h2:mem:parley-demo-" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1";
        listeners.demoAccounts = USERS;
        listeners.demoPassword = PASSWORD;
        // Seeded before the listeners accept, so that nobody can take the seeded names first.
        Servers.Running running = Servers.start(url, Servers.store(url, null, null), null, listeners, limits, null,
                builder -> builder.onStarted(DemoCommand::seed));
        ChatEngine engine = running.engine();
        PrintWriter out = spec.commandLine().getOut();
        GracefulShutdown shutdown = GracefulShutdown.onStop(engine::close, out);
        out.println();
        out.println("Parley demo is running.");
        running.webClient().ifPresent(uri -> out.println("  Web client: " + uri + "  (open it in two windows)"));
        out.println("  WebSocket:  " + running.webSocket().uri());
        if (running.tcp() != null) {
            out.println("  TCP:        " + running.webSocket().uri().getHost() + ":" + running.tcp().port()
                    + " (one JSON object per line; try: nc localhost " + running.tcp().port() + ")");
        }
        out.println("  Users:      alice, bob, carol (password: " + PASSWORD + ")");
        out.println("  Admin:      admin (password: " + PASSWORD + ")");
        out.println("  Watch it:   ./parley tail -f --server " + running.webSocket().uri() + " --admin-password " + PASSWORD);
        out.println("  Say hello:  ./parley send --server " + running.webSocket().uri() + " --admin-password " + PASSWORD
                + " --from alice --to bob \"Hi Bob!\"");
        out.println("Press Ctrl-C to stop; nothing is kept.");
        out.flush();
        shutdown.await();
        return 0;
    }

    /** Seeds users, friendships, a group and a little history. */
    static void seed(ChatEngine engine) {
        engine.users().create("admin", "Admin", PASSWORD, Set.of(Role.ADMIN));
        User alice = engine.users().register("alice", "Alice", PASSWORD);
        User bob = engine.users().register("bob", "Bob", PASSWORD);
        User carol = engine.users().register("carol", "Carol", PASSWORD);
        for (User[] pair : List.of(new User[] {alice, bob}, new User[] {alice, carol}, new User[] {bob, carol})) {
            engine.friends().request(pair[0].id(), pair[1].id());
            engine.friends().accept(pair[1].id(), pair[0].id());
        }
        engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("Hi Bob! Climbing on Saturday? 🧗"));
        engine.messages().sendDirect(bob.id(), alice.id(), MessageDraft.text("Yes! 👍🏽 Let's ask Carol too."));
        Conversation group = engine.conversations().createGroup(alice.id(), "Parley fans 🎉", List.of(bob.id(), carol.id()));
        engine.messages().send(alice.id(), group.id(), MessageDraft.text("Welcome to the group, everyone!"));
        engine.messages().send(carol.id(), group.id(), MessageDraft.text("Thanks Alice 😄 你好 from Carol"));
        engine.notices().sendAsSystem(bob.id(), "Welcome to the Parley demo. Nothing here is kept.");
    }
}
