package io.agentshop.queryside.readmodel.api;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The catalog for the edge's search_products and get_product: text search, category, price, stock. */
@RestController
@RequestMapping("/catalog/products")
public class CatalogController {

    private static final RowMapper<Map<String, Object>> PRODUCT = (rows, n) -> Map.of(
            "sku", rows.getString("sku"),
            "name", rows.getString("name"),
            "category", rows.getString("category"),
            "family", rows.getString("family"),
            "variant", rows.getString("variant"),
            "price", Map.of("minorUnits", rows.getLong("price_minor"), "currency", rows.getString("currency")),
            "stock", rows.getInt("stock"),
            "inStock", rows.getInt("stock") > 0);

    private final JdbcTemplate jdbc;

    public CatalogController(JdbcTemplate readModelsJdbc) {
        this.jdbc = readModelsJdbc;
    }

    @GetMapping
    public Map<String, Object> search(@RequestParam(required = false) String q,
                                      @RequestParam(required = false) String category,
                                      @RequestParam(defaultValue = "20") int limit) {
        ReadProblems.requireLimit(limit, 100);
        if (q != null && q.length() > 200) {
            throw ReadProblems.badRequest("q is longer than 200 characters");
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM catalog_products WHERE TRUE");
        List<Object> arguments = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            // Words are matched as prefixes ("shir" finds shirts); plainto_tsquery would need whole words.
            sql.append(" AND (search @@ to_tsquery('simple', ?) OR name ILIKE ?)");
            arguments.add(prefixQuery(q));
            arguments.add("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (category != null && !category.isBlank()) {
            sql.append(" AND category = ?");
            arguments.add(category);
        }
        sql.append(" ORDER BY family, sku LIMIT ?");
        arguments.add(limit);
        return Map.of("products", jdbc.query(sql.toString(), PRODUCT, arguments.toArray()));
    }

    @GetMapping("/{sku}")
    public Map<String, Object> product(@PathVariable String sku) {
        List<Map<String, Object>> found = jdbc.query("SELECT * FROM catalog_products WHERE sku = ?", PRODUCT, sku);
        if (found.isEmpty()) {
            throw ReadProblems.notFound("there is no product " + sku);
        }
        return found.get(0);
    }

    /** Each word of the query, stripped to letters and digits, as a prefix term: {@code shirt & m}. */
    static String prefixQuery(String q) {
        List<String> terms = new ArrayList<>();
        for (String word : q.toLowerCase().split("\\s+")) {
            String clean = word.replaceAll("[^\\p{L}\\p{N}]", "");
            if (!clean.isEmpty()) {
                terms.add(clean + ":*");
            }
        }
        return terms.isEmpty() ? "''" : String.join(" & ", terms);
    }
}
