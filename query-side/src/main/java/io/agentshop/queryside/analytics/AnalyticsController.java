package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.consumer.ProjectionConsumers;
import io.agentshop.queryside.consumer.ProjectionMeters;
import io.agentshop.queryside.consumer.ProjectionRegistration;
import io.agentshop.queryside.consumer.Rebuildable;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.agentshop.queryside.readmodel.AccountsProjection;
import io.agentshop.queryside.readmodel.OrdersProjection;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** For analysts: the event stream as JSON Lines, rebuilding a read model, and state as of a given time. */
@RestController
@RequestMapping("/analytics")
public class AnalyticsController {

    private final EventsTopicSettings topic;
    private final ObjectMapper json;
    private final ProjectionConsumers consumers;
    private final MeterRegistry meters;
    private final Clock clock;
    /**
     * The exports whose progress may be asked for: a caller chooses how many to start, so only the
     * {@code agentshop.analytics.remembered-exports} (100) last started or looked at are kept.
     */
    private final Map<String, EventExport> exports;
    private final Map<String, ProjectionRebuild> rebuilds = new ConcurrentHashMap<>();
    private final AsOfState asOf;

    public AnalyticsController(EventsTopicSettings topic, ObjectMapper json, ProjectionConsumers consumers,
                               MeterRegistry meters, Clock clock, @Qualifier("auditJdbc") JdbcTemplate auditJdbc,
                               @Qualifier("readModelsJdbc") JdbcTemplate readModelsJdbc,
                               @Qualifier("readModelsDataSource") DataSource readModels,
                               @Value("${agentshop.analytics.remembered-exports:100}") int rememberedExports) {
        this.exports = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EventExport> eldest) {
                return size() > rememberedExports;
            }
        });
        this.asOf = new AsOfState(auditJdbc, readModelsJdbc,
                new TransactionTemplate(new DataSourceTransactionManager(readModels)), json);
        this.topic = topic;
        this.json = json;
        this.consumers = consumers;
        this.meters = meters;
        this.clock = clock;
    }

    /** JSON Lines; the {@code Export-Id} header names the export whose progress {@code /analytics/exports/{id}} shows. */
    @GetMapping(value = "/events", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String type,
                                                        @RequestParam(required = false) String aggregateId,
                                                        @RequestParam(required = false) String from,
                                                        @RequestParam(required = false) String to,
                                                        @RequestParam(required = false) Long fromOffset) {
        if (fromOffset != null && fromOffset < 0) {
            throw problem(HttpStatus.BAD_REQUEST, "fromOffset must be zero or more");
        }
        if (from != null && fromOffset != null) {
            throw problem(HttpStatus.BAD_REQUEST, "give from (a time) or fromOffset, not both");
        }
        EventExport export = new EventExport(new EventExport.Filter(type, aggregateId, instant("from", from),
                instant("to", to), fromOffset), topic.bootstrapServers(), topic.eventsTopic(), json);
        exports.put(export.id(), export);
        return ResponseEntity.ok().header("Export-Id", export.id())
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(export::writeTo);
    }

    @GetMapping("/exports/{id}")
    public Map<String, Object> exportProgress(@PathVariable String id) {
        EventExport export = exports.get(id);
        if (export == null) {
            throw problem(HttpStatus.NOT_FOUND, "there is no export " + id);
        }
        return export.progress();
    }

    /**
     * Every read model this node builds, with the records it is behind the end of the topic (on the partitions this
     * node's consumer holds; {@code null} while not measured), partitions stopped at a record it could not apply, and
     * whether and how it is being rebuilt.
     */
    @GetMapping("/projections")
    public Map<String, Object> projections() {
        List<Map<String, Object>> projections = new ArrayList<>();
        for (String name : consumers.names()) {
            Map<String, Object> projection = new LinkedHashMap<>();
            projection.put("name", name);
            projection.put("lag", gauge(ProjectionMeters.LAG, name));
            projection.put("stalledPartitions", gauge(ProjectionMeters.STALLED, name));
            projection.put("rebuildable", consumers.registration(name)
                    .map(registration -> registration.projection() instanceof Rebuildable).orElse(false));
            ProjectionRebuild rebuild = rebuilds.get(name);
            projection.put("rebuild", rebuild == null ? null : rebuild.status());
            projections.add(projection);
        }
        return Map.of("projections", projections, "measuredAt", clock.instant().toString());
    }

    private Long gauge(String meter, String projection) {
        Gauge gauge = meters.find(meter).tag("projection", projection).gauge();
        return gauge == null || Double.isNaN(gauge.value()) ? null : (long) gauge.value();
    }

    @PostMapping("/projections/{name}/rebuild")
    public ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name) {
        ProjectionRegistration registration = consumers.registration(name)
                .filter(r -> r.projection() instanceof Rebuildable)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no read model named " + name
                        + " can be rebuilt; read models: " + consumers.names()));
        // One atomic check-and-start: of two starts at once, one wins and the other is told.
        ProjectionRebuild rebuild = rebuilds.compute(name, (projection, running) -> {
            if (running != null && (running.state() == ProjectionRebuild.State.BUILDING
                    || running.state() == ProjectionRebuild.State.SWITCHING)) {
                throw problem(HttpStatus.CONFLICT, name + " is being rebuilt already (since "
                        + running.status().get("startedAt") + ")");
            }
            return new ProjectionRebuild(registration, consumers, topic, json, meters, clock);
        });
        Thread thread = new Thread(rebuild, "rebuild-" + name);
        thread.setDaemon(true);
        thread.start();
        return ResponseEntity.accepted().body(rebuild.status());
    }

    @GetMapping("/projections/{name}/rebuild")
    public Map<String, Object> rebuildStatus(@PathVariable String name) {
        ProjectionRebuild rebuild = rebuilds.get(name);
        if (rebuild == null) {
            throw problem(HttpStatus.NOT_FOUND, "no rebuild of " + name + " was started");
        }
        return rebuild.status();
    }

    /** An order as it stood at {@code at} (ISO-8601), folded from its events up to then. */
    @GetMapping("/orders/{orderId}/as-of")
    public Map<String, Object> orderAsOf(@PathVariable String orderId, @RequestParam String at) {
        return asOf.of(new OrdersProjection(), "Order", orderId, required("at", at));
    }

    /** An account, its mode and delegations, as they stood at {@code at}. */
    @GetMapping("/accounts/{userId}/as-of")
    public Map<String, Object> accountAsOf(@PathVariable String userId, @RequestParam String at) {
        return asOf.of(new AccountsProjection(), "Account", userId, required("at", at));
    }

    private static Instant required(String name, String value) {
        return instant(name, value);
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw problem(HttpStatus.BAD_REQUEST, name + " must be an ISO-8601 instant such as 2026-11-28T10:00:00Z");
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
