package io.agentshop.mcpedge.benchmark;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.CallContext;
import io.agentshop.mcpedge.identity.ShopCommands;
import io.agentshop.mcpedge.identity.TraceIds;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The command side alone: {@code POST /benchmark/command-side} places one-unit orders for the caller (an agent's
 * token, as for {@code place_order}) back to back on this thread for the seconds asked, through the same door as the
 * tool (admission, Actor, interceptors, Account, event store, the stored position for read-your-writes), without MCP,
 * HTTP per order or JSON. The harness calls it from as many threads as it runs agents: the same concurrency.
 */
@RestController
@ConditionalOnProperty(name = "agentshop.benchmark.enabled", havingValue = "true")
class CommandSideBenchmark {

    /** What the harness asks: which SKU, for how long (at most a minute: a servlet thread is held meanwhile). */
    record Run(String sku, int seconds) {
    }

    /** How many orders were placed and refused, and the placed ones' latencies in microseconds. */
    record Ran(int placed, int refused, long[] micros) {
    }

    private final ShopCommands commands;
    private final ActorFromToken actors;
    private final TraceIds traces;

    CommandSideBenchmark(ShopCommands commands, ActorFromToken actors, TraceIds traces) {
        this.commands = commands;
        this.actors = actors;
        this.traces = traces;
    }

    @PostMapping("/benchmark/command-side")
    Ran run(@AuthenticationPrincipal Jwt token, @RequestBody Run run) {
        if (run.seconds() < 1 || run.seconds() > 60 || run.sku() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give a sku and 1 to 60 seconds");
        }
        Actor actor = actors.actor(token, new CallContext("place_order", null, null, traces.current()));
        long end = System.nanoTime() + Duration.ofSeconds(run.seconds()).toNanos();
        long[] micros = new long[1024];
        int placed = 0;
        int refused = 0;
        while (System.nanoTime() < end) {
            long began = System.nanoTime();
            try {
                PlacedOrder order = commands.send(new PlaceOrderCommand(
                        actor.userId(), UUID.randomUUID().toString(), List.of(new OrderLine(run.sku(), 1)),
                        UUID.randomUUID().toString(), null), actor);
                commands.storedPosition(order.orderId());
            } catch (CommandRefusedException refusal) {
                refused++;
                continue;
            }
            if (placed == micros.length) {
                micros = Arrays.copyOf(micros, placed * 2);
            }
            micros[placed++] = (System.nanoTime() - began) / 1000;
        }
        return new Ran(placed, refused, Arrays.copyOf(micros, placed));
    }
}
