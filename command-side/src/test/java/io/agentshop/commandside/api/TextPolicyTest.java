package io.agentshop.commandside.api;

import io.agentshop.commandside.api.TextPolicy.Kind;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for text: what is refused, what is kept, and what it becomes. */
class TextPolicyTest {

    @Test
    void nulAndEveryOtherControlCharacterIsRefusedInALine() {
        for (char control : new char[] {'\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'}) {
            TextPolicy.Verdict verdict = TextPolicy.check("a" + control + "b", Kind.LINE, 0);
            assertThat(verdict.accepted()).as("U+%04X", (int) control).isFalse();
            assertThat(verdict.problem()).contains(String.format("U+%04X", (int) control), "position 1");
        }
    }

    @Test
    void freeTextKeepsNewlineAndTabButNoOtherControlCharacter() {
        assertThat(TextPolicy.check("line one\n\tline two", Kind.FREE, 0).value()).isEqualTo("line one\n\tline two");
        for (char control : new char[] {'\u0000', '\r', '\u000b', '\u0085'}) {
            assertThat(TextPolicy.check("a" + control, Kind.FREE, 0).problem()).as("U+%04X", (int) control)
                    .contains("only newline and tab");
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedAndPairsKept() {
        assertThat(TextPolicy.check("x\uD800", Kind.LINE, 0).problem()).contains("unpaired surrogate (U+D800)");
        assertThat(TextPolicy.check("\uDC00x", Kind.FREE, 0).problem()).contains("unpaired surrogate (U+DC00)");
        assertThat(TextPolicy.check("\uDC00\uD800", Kind.LINE, 0).accepted()).as("reversed pair").isFalse();
        assertThat(TextPolicy.check("mug \uD83D\uDE00", Kind.LINE, 0).value()).isEqualTo("mug \uD83D\uDE00");
    }

    @Test
    void textIsNormalisedToNfcBeforeItIsUsed() {
        assertThat(TextPolicy.check("cafe\u0301", Kind.LINE, 0).value()).isEqualTo("caf\u00e9");
        assertThat(TextPolicy.check("\u212b", Kind.LINE, 0).value()).as("the Angstrom sign").isEqualTo("\u00c5");
    }

    @Test
    void lengthsCountCodePointsAfterNormalisation() {
        assertThat(TextPolicy.check("\uD83D\uDE00".repeat(5), Kind.LINE, 5).accepted()).isTrue();
        assertThat(TextPolicy.check("\uD83D\uDE00".repeat(6), Kind.LINE, 5).problem())
                .isEqualTo("is 6 characters long; at most 5 are allowed");
        assertThat(TextPolicy.check("e\u0301".repeat(5), Kind.LINE, 5).accepted()).as("five é once composed").isTrue();
    }

    @Test
    void nullIsTheCallersBusiness() {
        assertThat(TextPolicy.check(null, Kind.LINE, 1).accepted()).isTrue();
    }

    @Test
    void theSchemaPatternsSayTheSameAboutControlCharacters() {
        Pattern line = Pattern.compile(TextPolicy.LINE_PATTERN);
        Pattern free = Pattern.compile(TextPolicy.FREE_PATTERN);
        for (int c = 0; c <= 0xA0; c++) {
            String text = "a" + (char) c;
            assertThat(line.matcher(text).matches()).as("line U+%04X", c)
                    .isEqualTo(TextPolicy.check(text, Kind.LINE, 0).accepted());
            assertThat(free.matcher(text).matches()).as("free U+%04X", c)
                    .isEqualTo(TextPolicy.check(text, Kind.FREE, 0).accepted());
        }
    }
}
