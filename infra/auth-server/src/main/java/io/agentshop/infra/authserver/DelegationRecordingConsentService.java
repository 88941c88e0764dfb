package io.agentshop.infra.authserver;

import java.util.Set;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
  * Consent as delegation: Spring Authorization Server saves a consent when the user submits the consent page; after
  * saving it we report it to the edge as a delegation from the user to the client, unless the client is first-party
  * (the console is Agent Shop itself, not an agent). The save completes before the report is attempted, and the
  * report never throws, so the user's consent stands whatever the edge does.
  */
final class DelegationRecordingConsentService implements OAuth2AuthorizationConsentService {

    private final OAuth2AuthorizationConsentService consents;
    private final RegisteredClientRepository clients;
    private final Set<String> firstPartyClientIds;
    private final DelegationRecorder recorder;

    DelegationRecordingConsentService(OAuth2AuthorizationConsentService consents, RegisteredClientRepository clients,
            Set<String> firstPartyClientIds, DelegationRecorder recorder) {
        this.consents = consents;
        this.clients = clients;
        this.firstPartyClientIds = Set.copyOf(firstPartyClientIds);
        this.recorder = recorder;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        consents.save(consent);
        // The consent holds the client's registration id, the edge knows the client by its client_id.
        RegisteredClient client = clients.findById(consent.getRegisteredClientId());
        if (client == null || firstPartyClientIds.contains(client.getClientId())) {
            return;
        }
        recorder.record(consent.getPrincipalName(), client.getClientId(), client.getClientName(), consent.getScopes());
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        consents.remove(consent);
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return consents.findById(registeredClientId, principalName);
    }
}
