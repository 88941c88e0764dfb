package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Set;

/** The catalog as agents search it: products with price and current stock. */
public final class CatalogProjection extends ReadModelProjection {

    private static final Set<String> TYPES = Set.of(
            "ProductAdded", "ProductRestocked", "StockReserved", "StockReleased");

    public static final String NAME = "catalog";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.List<String> tables() {
        return java.util.List.of("catalog_products");
    }

    @Override
    protected Set<String> types() {
        return TYPES;
    }

    @Override
    protected boolean applyKnown(Envelope event, JdbcTemplate tx) {
        JsonNode p = event.payload();
        switch (event.type()) {
            case "ProductAdded" -> tx.update("""
                    INSERT INTO catalog_products (sku, name, category, family, variant, price_minor, currency, stock,
                                                  last_position, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    p.path("sku").asText(), p.path("name").asText(), p.path("category").asText(),
                    p.path("family").asText(), p.path("variant").asText(""), p.at("/price/minorUnits").asLong(),
                    p.at("/price/currency").asText(), p.path("stock").asInt(), event.globalPosition(), at(event));
            case "ProductRestocked", "StockReserved", "StockReleased" -> tx.update(
                    "UPDATE catalog_products SET stock = ?, last_position = ?, updated_at = ? WHERE sku = ?",
                    p.path("stock").asInt(), event.globalPosition(), at(event), p.path("sku").asText());
            default -> throw new IllegalArgumentException("not one of types(): " + event.type());
        }
        return true;
    }
}
