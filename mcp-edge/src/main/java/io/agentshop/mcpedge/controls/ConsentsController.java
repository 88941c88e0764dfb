package io.agentshop.mcpedge.controls;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.account.GrantDelegationCommand;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.IdentitySettings;
import io.agentshop.mcpedge.identity.ShopCommands;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization server reports, with its own token, that a user consented to an agent: the user's Account records
 * the delegation with the consented scopes (and keeps limits the user set before), so it knows the agent before its
 * first call. The Actor is the user who consented; the reporting server is named in its claims.
 */
@RestController
class ConsentsController {

    private final ShopCommands commands;
    private final ActorFromToken actors;
    private final IdentitySettings identity;

    ConsentsController(ShopCommands commands, ActorFromToken actors, IdentitySettings identity) {
        this.commands = commands;
        this.actors = actors;
        this.identity = identity;
    }

    @PostMapping("/internal/consents")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void recordConsent(@AuthenticationPrincipal Jwt token, @RequestBody Consent consent) {
        String reporter = actors.clientId(token);
        if (reporter == null || !identity.consentRecorders().contains(reporter)) {
            throw ControlProblems.forbidden("only the authorization server reports consents");
        }
        if (consent.userId() == null || consent.userId().isBlank() || consent.scopes() == null) {
            throw ControlProblems.badRequest("a consent names its userId, agentId and scopes");
        }
        if (consent.scopes().isEmpty()) {
            return; // only sign-in scopes were consented (openid, profile): nothing the shop delegates
        }
        Actor user = new Actor(consent.userId(), null, List.of(), Set.of(), Set.of(), Map.of("recordedBy", reporter),
                token.getId(), null, "consent", null, null);
        commands.send(new GrantDelegationCommand(consent.userId(), consent.agentId(), Set.copyOf(consent.scopes()),
                null, null, consent.agentName()), user);
    }

    /** What the authorization server reports; {@code agentName} is the name its consent page showed, if any. */
    record Consent(String userId, String agentId, List<String> scopes, String agentName) {
    }
}
