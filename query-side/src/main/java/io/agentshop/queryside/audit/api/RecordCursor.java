package io.agentshop.queryside.audit.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque page cursor: base64url of {@code v1:<last seq>}. Opaque so clients do not build their own; a seq so a
 * page resumes exactly after the last record seen, however many records were appended meanwhile.
 */
final class RecordCursor {

    private static final Pattern FORM = Pattern.compile("v1:(\\d{1,18})");

    private RecordCursor() {
    }

    static String after(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The seq to continue after: 0 without a cursor. */
    static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new BadAuditRequest("cursor '" + cursor + "' is not a cursor this API returned (not base64url)");
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new BadAuditRequest("cursor '" + cursor + "' is not a cursor this API returned");
        }
        return Long.parseLong(matcher.group(1));
    }
}
