package io.agentshop.mcpedge.mcp;

import java.util.List;

/** A set of related tools; every group's tools are served. */
public interface ToolGroup {

    List<ShopTool> tools();
}
