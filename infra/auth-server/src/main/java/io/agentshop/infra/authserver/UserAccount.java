package io.agentshop.infra.authserver;

import java.util.List;

/** A person who can sign in, with what tokens say about them. */
public record UserAccount(String username, String name, String email, List<String> roles) {
}
