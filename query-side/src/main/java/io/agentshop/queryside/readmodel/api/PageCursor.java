package io.agentshop.queryside.readmodel.api;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a newest-first list starts: the time and id of the last row handed out, opaque to the
 * caller. Rows are ordered by (time, id) descending, so rows added meanwhile never shift a page.
 */
record PageCursor(Timestamp at, String id) {

    static String encode(String at, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return new PageCursor(Timestamp.from(Instant.parse(parts[0])), parts[1]);
        } catch (RuntimeException e) {
            throw ReadProblems.badRequest("cursor is not one this API handed out");
        }
    }
}
