package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.mcpedge.identity.UserDataAccess;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.stereotype.Component;

import java.util.List;

import static io.agentshop.mcpedge.mcp.Arguments.integer;
import static io.agentshop.mcpedge.mcp.Arguments.text;

/**
 * Browsing the catalog: read-only, safe to repeat. The catalog is nobody's private data, but an agent browses it for
 * a user, so the user's Account decides first: a revoked agent or a banned account's agent browses nothing.
 */
@Component
class CatalogTools implements ToolGroup {

    private final QuerySide querySide;
    private final UserDataAccess access;

    CatalogTools(QuerySide querySide, UserDataAccess access) {
        this.querySide = querySide;
        this.access = access;
    }

    @Override
    public List<ShopTool> tools() {
        ToolSchemas search = ToolSchemas.of("search_products");
        ToolSchemas product = ToolSchemas.of("get_product");
        return List.of(
                new ShopTool("search_products", "Search products",
                        "Find products in the shop's catalog by words in their names (prefixes match), optionally in "
                                + "one category. Each result is one variant (e.g. a shirt in size M) with its SKU, "
                                + "price and whether it is in stock. Use the SKU with place_order.",
                        Scope.CATALOG_READ, ShopTool.readOnly("Search products"), search.input(), search.output(),
                        this::search),
                new ShopTool("get_product", "Get a product",
                        "One product variant by its SKU: name, category, price and stock.",
                        Scope.CATALOG_READ, ShopTool.readOnly("Get a product"), product.input(), product.output(),
                        this::product));
    }

    private JsonNode search(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.CATALOG_READ);
        return querySide.searchProducts(text(arguments, "query"), text(arguments, "category"),
                integer(arguments, "limit"));
    }

    private JsonNode product(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.CATALOG_READ);
        return querySide.product(text(arguments, "sku"));
    }
}
