package io.agentshop.mcpedge.mcp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every tool by name, and the scope each needs: what the gate checks before a call reaches the MCP server. */
public record ShopTools(Map<String, ShopTool> byName) {

    public List<ShopTool> all() {
        return List.copyOf(byName.values());
    }

    public Optional<ShopTool> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The scopes the tools need, for Protected Resource Metadata and the 401 challenge. */
    public Set<String> scopes() {
        Set<String> scopes = new TreeSet<>();
        byName.values().forEach(tool -> scopes.add(tool.scope().value()));
        return scopes;
    }
}
