package dev.parley.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every admin subcommand ({@code users}, {@code tokens}, {@code friends}, {@code groups}) shares:
 * where the data is, how to print it, and the choice of backend: offline on the database with
 * {@code --db}, otherwise through a running server's admin protocol with {@code --server}.
 *
 * @param <A> the admin operations the command works with
 */
abstract class AdminCommand<A extends AdminCommand.Backend> implements Callable<Integer> {

    /** A set of admin operations on one backend, closed when the command ends. */
    interface Backend extends AutoCloseable {
        @Override
        void close();
    }

    private final Function<DatabaseOptions, A> offline;
    private final Function<AdminSession, A> online;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    /**
     * @param offline the backend on the database, with no server running
     * @param online  the backend on a running server, through a logged-in admin session
     */
    AdminCommand(Function<DatabaseOptions, A> offline, Function<AdminSession, A> online) {
        this.offline = offline;
        this.online = online;
    }

    @Override
    public Integer call() {
        try (A admin = database.given() ? offline.apply(database) : online.apply(AdminSession.open(server))) {
            run(admin, spec.commandLine().getOut());
        }
        return 0;
    }

    abstract void run(A admin, PrintWriter out);

    /** A command on users and their tokens. */
    abstract static class OnUsers extends AdminCommand<UserAdmin> {
        OnUsers() {
            super(LocalUserAdmin::new, RemoteUserAdmin::new);
        }
    }

    /** A command on one user, named by the first parameter. */
    abstract static class OnOneUser extends OnUsers {
        @Parameters(index = "0", description = "The username.")
        String username;
    }

    /** A command on friendships and groups. */
    abstract static class OnSocial extends AdminCommand<SocialAdmin> {
        OnSocial() {
            super(LocalSocialAdmin::new, RemoteSocialAdmin::new);
        }
    }
}
