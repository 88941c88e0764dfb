package io.agentshop.console.admin;

import io.agentshop.console.Amounts;
import io.agentshop.console.Outcomes;
import io.agentshop.console.backend.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentshop.console.backend.Backend.path;
import static io.agentshop.console.backend.Backend.withQuery;

/**
 * An admin's pages: accounts with their mode, changed only with a reason (the audit trail keeps it); the catalog,
 * with products added and restocked. Each change is the edge's admin control with the admin's own token.
 */
@Controller
class AdminPages {

    static final List<String> MODES = List.of("ACTIVE", "READ_ONLY", "BANNED");

    private final Backend backend;

    AdminPages(Backend backend) {
        this.backend = backend;
    }

    @GetMapping("/admin/accounts")
    String accounts(@RequestParam(required = false) String mode, @RequestParam(required = false) String cursor,
                    Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("mode", mode);
        query.put("cursor", cursor);
        query.put("limit", "50");
        model.addAttribute("accounts", backend.edgeGet(withQuery("/controls/admin/accounts", query)));
        model.addAttribute("mode", mode);
        model.addAttribute("modes", MODES);
        return "admin/accounts";
    }

    @PostMapping("/admin/accounts/{userId}/mode")
    String changeMode(@PathVariable String userId, @RequestParam String mode, @RequestParam String reason,
                      RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/admin/accounts", () -> {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("a mode is one of " + MODES);
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("say why " + userId + " becomes " + mode
                        + ": the reason goes into the audit trail");
            }
            backend.edgeSend(HttpMethod.PUT, path("/controls/admin/accounts/{userId}/mode", userId),
                    Map.of("mode", mode, "reason", reason.strip()));
            return userId + " is now " + mode + ".";
        });
    }

    @GetMapping("/admin/products")
    String products(@RequestParam(required = false) String q, Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", q);
        query.put("limit", "100");
        model.addAttribute("products", backend.queryGet(withQuery("/catalog/products", query)));
        model.addAttribute("q", q);
        return "admin/products";
    }

    @PostMapping("/admin/products")
    String addProduct(@RequestParam String sku, @RequestParam String name, @RequestParam String category,
                      @RequestParam(required = false, defaultValue = "") String family,
                      @RequestParam(required = false, defaultValue = "") String variant,
                      @RequestParam String price, @RequestParam String currency, @RequestParam int initialStock,
                      RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/admin/products", () -> {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("sku", sku.strip());
            product.put("name", name.strip());
            product.put("category", category.strip());
            product.put("family", family.isBlank() ? sku.strip() : family.strip());
            product.put("variant", variant.strip());
            product.put("price", Amounts.money("The price", price, currency));
            product.put("initialStock", initialStock);
            backend.edgeSend(HttpMethod.POST, path("/controls/admin/products"), product);
            return "Added " + sku.strip() + " with " + initialStock + " in stock.";
        });
    }

    @PostMapping("/admin/products/{sku}/restock")
    String restock(@PathVariable String sku, @RequestParam int quantity, RedirectAttributes redirect) {
        return Outcomes.after(redirect, "/admin/products", () -> {
            backend.edgeSend(HttpMethod.POST, path("/controls/admin/products/{sku}/restock", sku),
                    Map.of("quantity", quantity));
            return "Restocked " + sku + " with " + quantity + ".";
        });
    }
}
