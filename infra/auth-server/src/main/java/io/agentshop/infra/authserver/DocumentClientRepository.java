package io.agentshop.infra.authserver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
  * The clients Spring Authorization Server knows: those registered here (pre-registered or through open registration)
  * and those a client metadata document describes, looked up by their URL every time a flow needs them (the fetcher's
  * HTTP cache keeps that cheap for as long as the document's headers allow). A document that cannot be used is no
  * client: the endpoints then refuse the client id, and {@link ClientIdDocumentGate} has already said why.
  */
final class DocumentClientRepository implements RegisteredClientRepository {

    private static final int REMEMBERED_DOCUMENTS = 10_000;

    private final RegisteredClientRepository registered;
    private final ClientIdMetadataDocuments documents;
    /** The URL behind each document client's id, for flows that look a client up by id (authorizations do). */
    private final Map<String, String> urls = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_DOCUMENTS;
        }
    });

    DocumentClientRepository(RegisteredClientRepository registered, ClientIdMetadataDocuments documents) {
        this.registered = registered;
        this.documents = documents;
    }

    @Override
    public void save(RegisteredClient client) {
        if (ClientIdMetadataDocuments.isDocumentUrl(client.getClientId())) {
            throw new IllegalArgumentException("a document client is described by its document, never saved here");
        }
        registered.save(client);
    }

    @Override
    public RegisteredClient findById(String id) {
        String url = urls.get(id);
        return url == null ? registered.findById(id) : findByClientId(url);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (!ClientIdMetadataDocuments.isDocumentUrl(clientId)) {
            return registered.findByClientId(clientId);
        }
        try {
            RegisteredClient client = documents.resolve(clientId);
            urls.put(client.getId(), clientId);
            return client;
        } catch (ClientIdMetadataDocuments.Refusal refused) {
            return null;
        }
    }
}
