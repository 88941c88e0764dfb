package io.agentshop.infra.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where and as whom an application connects to one database. */
public record DatabaseLogin(String jdbcUrl, String username, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return username + " @ " + jdbcUrl;
    }
}
