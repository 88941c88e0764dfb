package io.agentshop.commandside.api;

import io.agentshop.commandside.api.TextPolicy.Kind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's half of "any text is refused or kept": whatever text a caller sends (all of Unicode by code point,
 * control characters and unpaired surrogates among it, up to 10,000 code points), the rule either refuses it or gives
 * back text with no NUL, no other control character but newline and tab in free text, no unpaired surrogate, in NFC:
 * text every store can keep. (The query side's half: EveryTextReachesEveryProjectionIT.)
 */
class TextPolicyProperties {

    @Property(tries = 2_000)
    void anyTextIsRefusedOrComesBackStorableAndNormalised(@ForAll("text") String text, @ForAll Kind kind) {
        TextPolicy.Verdict verdict = TextPolicy.check(text, kind, 0);

        if (!verdict.accepted()) {
            assertThat(verdict.problem()).isNotBlank();
            return;
        }
        String kept = verdict.value();
        assertThat(Normalizer.isNormalized(kept, Normalizer.Form.NFC)).isTrue();
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < kept.length() && Character.isLowSurrogate(kept.charAt(i + 1))).as("paired").isTrue();
                i++;
                continue;
            }
            assertThat(Character.isLowSurrogate(c)).as("no unpaired low surrogate").isFalse();
            assertThat(c != '\u0000').isTrue();
            if (Character.isISOControl(c)) {
                assertThat(kind).isEqualTo(Kind.FREE);
                assertThat(c).isIn('\n', '\t');
            }
        }
    }

    @Property(tries = 500)
    void aRefusalAlwaysNamesWhereTheTextBrokeTheRuleOrHowLongItIs(@ForAll("text") String text) {
        TextPolicy.Verdict verdict = TextPolicy.check(text, Kind.LINE, 100);

        if (!verdict.accepted()) {
            assertThat(verdict.problem()).containsAnyOf("at position", "characters long");
        }
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 0x10FFFF)),
                Tuple.of(2, Arbitraries.integers().between(0, 0x9F)),
                Tuple.of(1, Arbitraries.integers().between(0xD800, 0xDFFF)),
                Tuple.of(1, Arbitraries.of(0x0301, 0x212B, 0x1E9B, 0x0323)), // combining and decomposable
                Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)));
        return codePoint.list().ofMaxSize(10_000).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }
}
