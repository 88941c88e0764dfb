package io.agentshop.console.people;

import io.agentshop.console.backend.Backend;
import io.agentshop.console.Amounts;
import io.agentshop.console.Outcomes;
import io.agentshop.console.backend.BackendProblem;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentshop.console.backend.Backend.path;
import static io.agentshop.console.backend.Backend.withQuery;

/**
 * A user's own page: the agents they connected (their scopes, limits, what they spent today, when last used), with
 * the limits to change, access to revoke or grant again; their orders; the orders waiting for their approval. Every
 * change is the edge's control with the user's own token, so the user's Account decides it.
 */
@Controller
class UserPages {

    /** What an agent may be granted here: shopping, never the people's own scopes (approving, managing). */
    static final List<String> AGENT_SCOPES = List.of("catalog:read", "orders:read", "orders:write", "orders:cancel",
            "account:read");

    private final Backend backend;

    UserPages(Backend backend) {
        this.backend = backend;
    }

    @GetMapping("/me/agents")
    String agents(Model model) {
        Map<String, Object> account = backend.edgeGet(path("/controls/me/agents"));
        model.addAttribute("account", account);
        model.addAttribute("agentScopes", AGENT_SCOPES);
        return "me/agents";
    }

    /*
     * The agent is named in a form field, not the path: an agent's id may be a URL (a client metadata document), and
     * a slash in a path segment is refused by servers and firewalls before it reaches us.
     */

    @PostMapping("/me/agents/limits")
    String changeLimits(@RequestParam String agentId, @RequestParam String currency,
                        @RequestParam String maxOrderTotal, @RequestParam String dailySpend,
                        @RequestParam String approvalThreshold,
                        @RequestParam(required = false, defaultValue = "") String allowedCategories,
                        RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/me/agents", () -> {
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("maxOrderTotal", Amounts.money("Largest order", maxOrderTotal, currency));
            limits.put("dailySpend", Amounts.money("Spend a day", dailySpend, currency));
            limits.put("allowedCategories", Arrays.stream(allowedCategories.split(","))
                    .map(String::trim).filter(category -> !category.isEmpty()).toList());
            limits.put("approvalThreshold", Amounts.money("Approval above", approvalThreshold, currency));
            backend.edgeSend(HttpMethod.PUT, path("/controls/me/agents/{agentId}/limits", agentId), limits);
            return "Limits of " + agentId + " changed.";
        });
    }

    @PostMapping("/me/agents/revoke")
    String revoke(@RequestParam String agentId, @RequestParam(required = false) String reason,
                  RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/me/agents", () -> {
            backend.edgeSend(HttpMethod.POST, path("/controls/me/agents/{agentId}/revoke", agentId),
                    Map.of("reason", reason == null || reason.isBlank() ? "revoked in the console" : reason));
            return "Access of " + agentId + " revoked: its next call is refused.";
        });
    }

    @PostMapping("/me/agents/grant")
    String grant(@RequestParam String agentId, @RequestParam(required = false) List<String> scopes,
                 RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/me/agents", () -> {
            if (scopes == null || scopes.isEmpty()) {
                throw new IllegalArgumentException("choose at least one scope to grant");
            }
            if (!AGENT_SCOPES.containsAll(scopes)) {
                throw new IllegalArgumentException("an agent may be granted only " + AGENT_SCOPES);
            }
            backend.edgeSend(HttpMethod.POST, path("/controls/me/agents/{agentId}/grant", agentId),
                    Map.of("scopes", scopes));
            return "Granted " + String.join(" ", scopes) + " to " + agentId + ".";
        });
    }

    @GetMapping("/me/orders")
    String orders(@RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
                  Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("cursor", cursor);
        query.put("limit", "20");
        model.addAttribute("orders", backend.edgeGet(withQuery("/controls/me/orders", query)));
        model.addAttribute("status", status);
        return "me/orders";
    }

    @GetMapping("/me/approvals")
    String approvals(@RequestParam(required = false) String cursor, Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "AWAITING_APPROVAL");
        query.put("cursor", cursor);
        query.put("limit", "50");
        model.addAttribute("orders", backend.edgeGet(withQuery("/controls/me/orders", query)));
        return "me/approvals";
    }

    /**
     * The page an agent's client sends the user to (MCP URL elicitation, or the link in its result): the order, and
     * approve or decline. The edge answers only the signed-in user's own order, so nobody decides another's.
     */
    @GetMapping("/approvals/{orderId}")
    String approval(@PathVariable String orderId, Model model) {
        try {
            model.addAttribute("order", backend.edgeGet(path("/controls/me/orders/{orderId}", orderId)));
        } catch (BackendProblem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
            throw new BackendProblem(403, "Order " + orderId + " is not one of yours. Only the user the agent"
                    + " ordered for can approve it: sign out and sign in as that user.");
        }
        return "me/approval";
    }

    /** The approval page's path, the order id encoded (whatever was typed into the address bar). */
    private static String approvalPage(String orderId) {
        return UriComponentsBuilder.fromPath("/approvals/{orderId}").buildAndExpand(orderId).encode().toUriString();
    }

    @PostMapping("/approvals/{orderId}/approve")
    String approve(@PathVariable String orderId, RedirectAttributes redirect) {
        return Outcomes.after(redirect, approvalPage(orderId), () -> {
            backend.edgeSend(HttpMethod.POST, path("/controls/me/orders/{orderId}/approve", orderId), null);
            return "Approved. Your agent learns it when it asks again (it retries the order).";
        });
    }

    @PostMapping("/approvals/{orderId}/decline")
    String decline(@PathVariable String orderId, @RequestParam(required = false) String reason,
                   RedirectAttributes redirect) {
        return Outcomes.after(redirect, approvalPage(orderId), () -> {
            backend.edgeSend(HttpMethod.POST, path("/controls/me/orders/{orderId}/decline", orderId),
                    Map.of("reason", reason == null || reason.isBlank() ? "declined in the console" : reason));
            return "Declined; the stock goes back on the shelf.";
        });
    }
}
