package io.agentshop.commandside.api;

import java.text.Normalizer;

/**
 * The one rule for text that enters the shop, from any caller into any command (docs/architecture.md, "Guarantees"; docs/adr/0012): no NUL and
 * no other C0 or C1 control character (newline and tab only in free text such as a note or a reason), no unpaired
 * surrogate, Unicode normalised to NFC before it is used or stored, lengths counted in code points. The edge applies
 * it to every tool argument and control body; the command side applies it again to every command, so no path around
 * the edge stores such text.
 */
public final class TextPolicy {

    /** Where a text is used: a name, id, key or search (one line), or free text a person reads (a note, a reason). */
    public enum Kind {
        LINE,
        FREE
    }

    /**
     * The rule's control-character part as a JSON Schema {@code pattern} (ECMA-262), for the tools' input schemas:
     * clients see it before they call. (Unpaired surrogates and normalisation are beyond what a pattern can say.)
     */
    public static final String LINE_PATTERN = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    public static final String FREE_PATTERN = "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$";

    /**
     * What the rule says of one text: the normalised value when it is accepted, or the rule it broke.
     *
     * @param value   the text in NFC, when accepted
     * @param problem what is wrong with it, in words that name the rule, when refused
     */
    public record Verdict(String value, String problem) {

        public boolean accepted() {
            return problem == null;
        }
    }

    private TextPolicy() {
    }

    /**
     * The verdict on {@code text} used as {@code kind}, no longer than {@code maxCodePoints} after normalisation
     * (0: no limit). {@code null} is accepted as it is: whether a value is required is the caller's rule.
     */
    public static Verdict check(String text, Kind kind, int maxCodePoints) {
        if (text == null) {
            return new Verdict(null, null);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return refused("holds an unpaired surrogate (U+" + hex(c) + ") at position " + i
                        + ": it is not a character and cannot be stored");
            }
            if (Character.isISOControl(c) && !(kind == Kind.FREE && (c == '\n' || c == '\t'))) {
                return refused("holds the control character U+" + hex(c) + " at position " + i + "; "
                        + (kind == Kind.FREE ? "only newline and tab are allowed in free text"
                        : "no control character is allowed here"));
            }
        }
        String normal = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        if (maxCodePoints > 0) {
            int length = normal.codePointCount(0, normal.length());
            if (length > maxCodePoints) {
                return refused("is " + length + " characters long; at most " + maxCodePoints + " are allowed");
            }
        }
        return new Verdict(normal, null);
    }

    private static Verdict refused(String problem) {
        return new Verdict(null, problem);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
