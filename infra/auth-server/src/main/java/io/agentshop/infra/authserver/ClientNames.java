package io.agentshop.infra.authserver;

import java.text.Normalizer;
import java.util.Locale;

/**
  * What a dynamically registered client may call itself. The consent page shows the name to the user, so a name that
  * passes for Agent Shop's own ("Agent Shop", "AGENT-SHOP assistant", "Ａｇｅｎｔ Ｓｈｏｐ") is refused, as are control
  * characters and names longer than a line. The comparison folds case, compatibility forms (full-width letters) and
  * everything that is not a letter or digit, so spacing and punctuation do not get a name past it.
  */
final class ClientNames {

    static final int MAX_LENGTH = 100;
    private static final String OURS = "agentshop";

    private ClientNames() {
    }

    static void requireNotOurs(String name) {
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ClientRegistrationException.badMetadata("client_name is longer than " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE)) {
            throw ClientRegistrationException.badMetadata("client_name must not contain control or format characters");
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]", "");
        if (folded.contains(OURS)) {
            throw ClientRegistrationException.badMetadata("client_name must not pass for Agent Shop's own: a"
                    + " registered client is somebody else's agent, and the consent page says so");
        }
    }
}
