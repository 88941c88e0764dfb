package io.agentshop.queryside.consumer;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class OutagesTest {

    @Test
    void theDatabaseOrTheBrokerBeingOutIsAnOutage() {
        assertThat(Outages.isOutage(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(Outages.isOutage(wrapped("08006"))).as("connection failure").isTrue();
        assertThat(Outages.isOutage(wrapped("57P01"))).as("admin shutdown").isTrue();
        assertThat(Outages.isOutage(wrapped("40001"))).as("serialization failure, a retry resolves it").isTrue();
        assertThat(Outages.isOutage(new TimeoutException("broker"))).isTrue();
    }

    @Test
    void whatTheRecordCausesIsNotAnOutageEvenWhereSpringCallsItAResourceFailure() {
        assertThat(Outages.isOutage(wrapped("54000"))).as("index row too big for this record").isFalse();
        assertThat(Outages.isOutage(new DataIntegrityViolationException("constraint",
                new SQLException("duplicate", "23505")))).isFalse();
        assertThat(Outages.isOutage(new IllegalStateException("the projection's own bug"))).isFalse();
    }

    @Test
    void theReasonAPartitionStoppedIsTheInnermostCause() {
        assertThat(Outages.rootMessage(wrapped("54000"))).isEqualTo("SQLException: state 54000");
    }

    private static RuntimeException wrapped(String sqlState) {
        return new DataAccessResourceFailureException("failed", new SQLException("state " + sqlState, sqlState));
    }
}
