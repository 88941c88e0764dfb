package io.agentshop.infra.authserver;

import org.springframework.http.HttpStatus;

/** A refused registration: the HTTP status and the RFC 7591 error code and description. */
class ClientRegistrationException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    ClientRegistrationException(HttpStatus status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    static ClientRegistrationException badMetadata(String description) {
        return new ClientRegistrationException(HttpStatus.BAD_REQUEST, "invalid_client_metadata", description);
    }

    static ClientRegistrationException badRedirectUri(String description) {
        return new ClientRegistrationException(HttpStatus.BAD_REQUEST, "invalid_redirect_uri", description);
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }
}
