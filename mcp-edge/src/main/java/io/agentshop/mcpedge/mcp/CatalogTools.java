package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.Scope;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.stereotype.Component;

import java.util.List;

import static io.agentshop.mcpedge.mcp.Arguments.integer;
import static io.agentshop.mcpedge.mcp.Arguments.text;

/** Browsing the catalog: read-only, safe to repeat. */
@Component
class CatalogTools implements ToolGroup {

    private final QuerySide querySide;

    CatalogTools(QuerySide querySide) {
        this.querySide = querySide;
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
                        (actor, arguments) -> querySide.searchProducts(text(arguments, "query"),
                                text(arguments, "category"), integer(arguments, "limit"))),
                new ShopTool("get_product", "Get a product",
                        "One product variant by its SKU: name, category, price and stock.",
                        Scope.CATALOG_READ, ShopTool.readOnly("Get a product"), product.input(), product.output(),
                        (actor, arguments) -> querySide.product(text(arguments, "sku"))));
    }
}
