package io.agentshop.infra.stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates a database with its roles if they do not exist yet; running it again changes nothing. Works against
 * any PostgreSQL where it holds a superuser connection (embedded, a container, or a fresh server).
 */
public final class DatabaseProvisioner {

    private final DatabaseLogin superuser;
    private final String password;

    /** @param password the password every provisioned role gets (local and test stacks only) */
    public DatabaseProvisioner(DatabaseLogin superuser, String password) {
        this.superuser = superuser;
        this.password = password;
    }

    public void ensure(Database database) {
        try (Connection connection = superuser.connect()) {
            ensureRole(connection, database.ownerRole());
            if (database.appRole() != null) {
                ensureRole(connection, database.appRole());
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database.name())) {
                // CREATE DATABASE refuses to run inside a transaction block: the connection is in autocommit.
                execute(connection, "CREATE DATABASE " + database.name() + " OWNER " + database.ownerRole()
                        + " ENCODING 'UTF8' TEMPLATE template0");
            }
            // Nobody but the owner (and, where granted, the app role) may connect: databases do not see each other.
            execute(connection, "REVOKE ALL ON DATABASE " + database.name() + " FROM PUBLIC");
            if (database.appRole() != null) {
                execute(connection, "GRANT CONNECT ON DATABASE " + database.name() + " TO " + database.appRole());
            }
        } catch (SQLException e) {
            throw new StackStartupException("could not provision database " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** Connection details for the database's owner role. */
    public DatabaseLogin ownerLogin(Database database) {
        return new DatabaseLogin(jdbcUrlOf(database.name()), database.ownerRole(), password);
    }

    /** Connection details for the database's restricted application role, or the owner where there is none. */
    public DatabaseLogin appLogin(Database database) {
        String role = database.appRole() != null ? database.appRole() : database.ownerRole();
        return new DatabaseLogin(jdbcUrlOf(database.name()), role, password);
    }

    public void drop(Database database) {
        try (Connection connection = superuser.connect()) {
            execute(connection, "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + database.name(), e);
        }
    }

    private String jdbcUrlOf(String databaseName) {
        String url = superuser.jdbcUrl();
        int query = url.indexOf('?');
        String withoutQuery = query >= 0 ? url.substring(0, query) : url;
        return withoutQuery.substring(0, withoutQuery.lastIndexOf('/') + 1) + databaseName;
    }

    private void ensureRole(Connection connection, String role) throws SQLException {
        String literal = "'" + password.replace("'", "''") + "'";
        if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            execute(connection, "ALTER ROLE " + role + " WITH LOGIN PASSWORD " + literal);
        } else {
            execute(connection, "CREATE ROLE " + role + " WITH LOGIN PASSWORD " + literal);
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
