package io.agentshop.queryside;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The read side: builds projections and the audit store from the events on Kafka and serves queries over them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuerySideApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(QuerySideApplication.class, args);
        } catch (Throwable startFailure) {
            LoggerFactory.getLogger(QuerySideApplication.class).error("query side did not start: {}", startFailure.toString());
            System.exit(1);
        }
    }
}
