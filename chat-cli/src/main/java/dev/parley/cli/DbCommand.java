package dev.parley.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.store.jdbc.BackupException;
import dev.parley.store.jdbc.BackupOptions;
import dev.parley.store.jdbc.BackupSummary;
import dev.parley.store.jdbc.JdbcBackup;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.store.jdbc.JdbcChatStoreBuilder;
import dev.parley.store.jdbc.JdbcSchema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley db}: the schema and backups of a Parley database, with no server running. */
@Command(name = "db",
        description = "Migrate, inspect, back up and restore a Parley database (with the server stopped, on H2).",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Export.class, DbCommand.Import.class},
        footer = {"", "Examples:",
                "  parley db info --db jdbc:h2:file:./data/parley",
                "  parley db migrate --db jdbc:mysql://db:3306/parley --db-user parley --db-password",
                "  parley db export backup.jsonl --db jdbc:h2:file:./data/parley",
                "  parley db import backup.jsonl --db jdbc:mysql://db:3306/parley --db-user parley --db-password"})
final class DbCommand extends ParentCommand {

    /** What every db subcommand shares: the database, opened for the duration of the command. */
    abstract static class DbSubcommand implements Callable<Integer> {

        @Mixin
        DatabaseOptions database;

        @Spec
        CommandSpec spec;

        /** Whether opening the database applies pending migrations first. */
        abstract boolean migrateOnOpen();

        abstract void run(JdbcChatStore store, PrintWriter out);

        @Override
        public Integer call() {
            JdbcChatStoreBuilder builder = JdbcChatStore.builder().url(database.urlOrDefault())
                    .migrateOnStart(migrateOnOpen()).maximumPoolSize(2);
            if (database.user != null) {
                builder.user(database.user);
            }
            if (database.password() != null) {
                builder.password(database.password());
            }
            try (JdbcChatStore store = builder.build()) {
                try {
                    store.start();
                } catch (RuntimeException e) {
                    throw Servers.friendly(e, 0, database.urlOrDefault());
                }
                run(store, spec.commandLine().getOut());
            } catch (BackupException e) {
                throw new CliException(e.getMessage(), e);
            }
            return 0;
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "migrate",
            description = "Apply the pending schema migrations (parley server also does this when it starts).")
    static final class Migrate extends DbSubcommand {
        @Override
        boolean migrateOnOpen() {
            return false;
        }

        @Override
        void run(JdbcChatStore store, PrintWriter out) {
            JdbcSchema schema = JdbcSchema.of(store.dataSource());
            String before = schema.version().orElse(null);
            store.migrate();
            String after = schema.version().orElse("none");
            if (after.equals(before)) {
                out.println("The schema is up to date at version " + after + ".");
            } else {
                out.println("Migrated the schema from " + (before == null ? "nothing" : "version " + before)
                        + " to version " + after + ".");
            }
        }
    }

    @Command(name = "info",
            description = "Show the schema version and every migration, applied or pending.")
    static final class Info extends DbSubcommand {
        @Mixin
        Output output;

        @Override
        boolean migrateOnOpen() {
            return false;
        }

        @Override
        void run(JdbcChatStore store, PrintWriter out) {
            JdbcSchema schema = JdbcSchema.of(store.dataSource());
            List<JdbcSchema.Migration> migrations = schema.migrations();
            if (output.json) {
                for (JdbcSchema.Migration m : migrations) {
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    node.put("version", m.version());
                    node.put("description", m.description());
                    node.put("state", m.state());
                    node.put("applied", m.applied());
                    node.put("installedOn", m.installedOn() == null ? null : m.installedOn().toString());
                    out.println(node.toString());
                }
                return;
            }
            long pending = migrations.stream().filter(m -> !m.applied()).count();
            out.println("Schema version: " + schema.version().orElse("none") + (pending == 0 ? ""
                    : " (" + pending + " pending; run 'parley db migrate')"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"VERSION", "DESCRIPTION", "STATE", "INSTALLED ON"});
            for (JdbcSchema.Migration m : migrations) {
                rows.add(new String[] {m.version(), m.description(), m.state(),
                        m.installedOn() == null ? "" : m.installedOn().toString()});
            }
            Output.table(out, rows);
        }
    }

    @Command(name = "export",
            description = {"Write a JSON-lines backup of the whole database to FILE: users, roles, friends, blocks, "
                    + "conversations, members, invitations, messages, reactions, cursors, devices and stored attachments.",
                    "Password hashes only with --include-credentials; session tokens never."})
    static final class Export extends DbSubcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write; replaced if it exists.")
        Path file;

        @Option(names = "--include-credentials",
                description = "Also export password hashes, so that users keep their passwords. Keep such a file secret.")
        boolean includeCredentials;

        @Override
        boolean migrateOnOpen() {
            return false;
        }

        @Override
        void run(JdbcChatStore store, PrintWriter out) {
            Path target = file.toAbsolutePath();
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            BackupOptions options = includeCredentials ? BackupOptions.withCredentials() : BackupOptions.defaults();
            BackupSummary summary;
            try {
                try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                     ProgressBar bar = ProgressBar.inTerminal(err(), "Exporting")) {
                    summary = JdbcBackup.of(store).exportTo(stream, options, bar);
                }
                move(partial, target);
            } catch (NoSuchFileException e) {
                throw new CliException("cannot write " + file + ": no such directory", e);
            } catch (IOException | UncheckedIOException e) {
                throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(partial);
            }
            out.println("Exported " + summary.rows() + " rows of " + summary.tables() + " tables (schema version "
                    + summary.schemaVersion() + (includeCredentials ? ", with password hashes" : "") + ") to "
                    + file + ".");
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private static void deleteQuietly(Path path) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover .partial file is harmless
            }
        }
    }

    @Command(name = "import",
            description = {"Read a backup written by 'parley db export' into an empty database, ids and all.",
                    "Creates the schema if the database has none; refuses a database that has any rows."})
    static final class Import extends DbSubcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to read.")
        Path file;

        @Override
        boolean migrateOnOpen() {
            return true;
        }

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no such file: " + file);
            }
            return super.call();
        }

        @Override
        void run(JdbcChatStore store, PrintWriter out) {
            BackupSummary summary;
            try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 ProgressBar bar = ProgressBar.inTerminal(err(), "Importing")) {
                summary = JdbcBackup.of(store).importFrom(stream, bar);
            } catch (IOException | UncheckedIOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
            }
            out.println("Imported " + summary.rows() + " rows of " + summary.tables() + " tables (schema version "
                    + summary.schemaVersion() + ") from " + file + ".");
        }
    }
}
