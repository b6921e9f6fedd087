package dev.parley.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource whose database can be taken down and brought back, as when the database server stops
 * or the network to it breaks: while down, new connections are refused and every call on a connection
 * or statement handed out earlier fails, mid-transaction too, with SQLState 08006. It can also break
 * only the statements that insert into one table, so that a write fails after the reads before it
 * have passed, as when the database dies between a request's checks and its commit.
 */
final class FaultyDataSource implements DataSource {

    /** Calls that still work on a dead connection, as a driver lets them. */
    private static final Set<String> ALWAYS = Set.of("close", "isClosed", "toString", "hashCode", "equals");

    private final DataSource database;
    private volatile boolean down;
    private volatile String refusedInsert;

    FaultyDataSource(DataSource database) {
        this.database = database;
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
        refusedInsert = null;
    }

    /** From now on, until {@link #up}, statements that insert into the table fail as if the database died. */
    void refuseInsertsInto(String table) {
        refusedInsert = "insert into " + table;
    }

    private SQLException gone() {
        return new SQLTransientConnectionException("the database is unreachable", "08006");
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw gone();
        }
        return wrap(database.getConnection(), Connection.class);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        if (down) {
            throw gone();
        }
        return wrap(database.getConnection(user, password), Connection.class);
    }

    /** Wraps a JDBC object so that it fails while the database is down, and wraps what it returns. */
    private <T> T wrap(T target, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (down && !ALWAYS.contains(method.getName())) {
                throw gone();
            }
            String insert = refusedInsert;
            if (insert != null && args != null && args.length > 0 && args[0] instanceof String sql
                    && sql.strip().toLowerCase(java.util.Locale.ROOT).startsWith(insert)) {
                throw gone();
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            Class<?> returned = method.getReturnType();
            if (result != null && returned.isInterface() && returned.getName().startsWith("java.sql.")) {
                return wrapAs(result, returned);
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private <T> Object wrapAs(Object target, Class<T> type) {
        return wrap((T) target, type);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return database.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        database.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        database.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return database.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return database.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
