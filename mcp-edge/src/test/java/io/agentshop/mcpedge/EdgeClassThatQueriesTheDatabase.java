package io.agentshop.mcpedge;

import javax.sql.DataSource;
import java.sql.SQLException;

/** A deliberate offender (test code only), so the architecture test can show its rule catches one. */
public class EdgeClassThatQueriesTheDatabase {

    public boolean reachable(DataSource dataSource) throws SQLException {
        return dataSource.getConnection().isValid(1);
    }
}
