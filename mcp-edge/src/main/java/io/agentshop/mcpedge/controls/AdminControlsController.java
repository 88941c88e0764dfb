package io.agentshop.mcpedge.controls;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.product.AddProductCommand;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.agentshop.mcpedge.identity.ShopCommands;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

import static io.agentshop.mcpedge.controls.UserControlsController.outcome;

/** What an admin controls: accounts' modes and the catalog. Each change is a command with the admin as Actor. */
@RestController
@RequestMapping("/controls/admin")
class AdminControlsController {

    private final ShopCommands commands;
    private final QuerySide querySide;

    AdminControlsController(ShopCommands commands, QuerySide querySide) {
        this.commands = commands;
        this.querySide = querySide;
    }

    @GetMapping("/accounts")
    JsonNode accounts(Actor caller, @RequestParam(required = false) String mode,
                      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Callers.admin(caller, Scope.ACCOUNT_READ);
        return querySide.accounts(mode, cursor, limit);
    }

    @PutMapping("/accounts/{userId}/mode")
    Map<String, Object> changeMode(Actor caller, @PathVariable String userId, @RequestBody ModeChange change) {
        Actor admin = Callers.admin(caller, Scope.ACCOUNT_MANAGE);
        commands.send(new ChangeAccountModeCommand(userId, change.mode(), change.reason()), admin);
        return outcome("userId", userId, "mode", change.mode());
    }

    @PostMapping("/products")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> addProduct(Actor caller, @RequestBody NewProduct product) {
        Actor admin = Callers.admin(caller);
        commands.send(new AddProductCommand(product.sku(), product.name(), product.category(), product.family(),
                product.variant() == null ? "" : product.variant(), product.price(), product.initialStock()), admin);
        return outcome("sku", product.sku(), "stock", product.initialStock());
    }

    @PostMapping("/products/{sku}/restock")
    Map<String, Object> restock(Actor caller, @PathVariable String sku, @RequestBody Restock restock) {
        Actor admin = Callers.admin(caller);
        commands.send(new RestockProductCommand(sku, restock.quantity()), admin);
        return outcome("sku", sku, "added", restock.quantity());
    }

    record ModeChange(Mode mode, String reason) {
    }

    record NewProduct(String sku, String name, String category, String family, String variant, Money price,
                      int initialStock) {
    }

    record Restock(int quantity) {
    }
}
