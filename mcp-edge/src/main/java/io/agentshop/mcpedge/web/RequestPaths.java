package io.agentshop.mcpedge.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * The path a request is routed by, decoded as the router decodes it. A gate that compared the raw request URI would
 * let {@code /%6Dcp} past while the MCP endpoint still answered it as {@code /mcp}; every gate that picks requests by
 * path asks here.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    public static String of(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }
}
