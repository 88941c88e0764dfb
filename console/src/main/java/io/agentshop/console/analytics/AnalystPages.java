package io.agentshop.console.analytics;

import io.agentshop.console.backend.Backend;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.agentshop.console.backend.Backend.path;
import static io.agentshop.console.backend.Backend.withQuery;

/**
 * An analyst's pages: the read models with how far behind the topic each is, a rebuild with its progress as it goes,
 * and the event stream exported from a time or an offset, with its progress. The page's script asks the JSON
 * endpoints here; without it, the forms still work (the export then downloads without a progress bar).
 */
@Controller
class AnalystPages {

    private final Backend backend;

    AnalystPages(Backend backend) {
        this.backend = backend;
    }

    @GetMapping("/analytics")
    String projections(Model model) {
        model.addAttribute("projections", backend.queryGet(path("/analytics/projections")));
        return "analytics/projections";
    }

    @PostMapping("/analytics/projections/{name}/rebuild")
    @ResponseBody
    ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name) {
        return ResponseEntity.accepted().body(backend.queryPost(path("/analytics/projections/{name}/rebuild", name)));
    }

    @GetMapping("/analytics/projections/{name}/rebuild")
    @ResponseBody
    Map<String, Object> rebuildStatus(@PathVariable String name) {
        return backend.queryGet(path("/analytics/projections/{name}/rebuild", name));
    }

    @GetMapping("/analytics/export")
    String exportPage() {
        return "analytics/export";
    }

    /** The events as JSON Lines, streamed through as the query side writes them; {@code Export-Id} names its progress. */
    @GetMapping("/analytics/events")
    void events(@RequestParam(required = false) String from, @RequestParam(required = false) String fromOffset,
                @RequestParam(required = false) String type, HttpServletResponse response) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from);
        query.put("fromOffset", fromOffset);
        query.put("type", type);
        backend.download(withQuery("/analytics/events", query), "events.jsonl", Set.of("application/x-ndjson"),
                List.of("Export-Id"), response);
    }

    @GetMapping("/analytics/exports/{id}")
    @ResponseBody
    Map<String, Object> exportProgress(@PathVariable String id) {
        return backend.queryGet(path("/analytics/exports/{id}", id));
    }
}
