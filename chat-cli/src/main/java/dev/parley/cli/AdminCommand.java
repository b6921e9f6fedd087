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

    private final Function<AdminChannel, A> backend;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    /** @param backend the operations, on the admin protocol of a server or of the database's console */
    AdminCommand(Function<AdminChannel, A> backend) {
        this.backend = backend;
    }

    @Override
    public Integer call() {
        AdminChannel channel = database.given() ? ConsoleChannel.open(database) : AdminSession.open(server);
        try (A admin = backend.apply(channel)) {
            run(admin, spec.commandLine().getOut());
        }
        return 0;
    }

    abstract void run(A admin, PrintWriter out);

    /** A command on users and their tokens. */
    abstract static class OnUsers extends AdminCommand<UserAdmin> {
        OnUsers() {
            super(UserAdmin::new);
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
            super(SocialAdmin::new);
        }
    }
}
