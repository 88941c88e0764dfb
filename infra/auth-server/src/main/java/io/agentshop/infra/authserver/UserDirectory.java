package io.agentshop.infra.authserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
  * The users of this server. The demo users exist only under the Spring profile {@code local} or
  * {@code demo-users}, so that a server started without them cannot be signed into with a well-known password; so
  * do the benchmark's shoppers ({@code shopper-1} … {@code shopper-N}, {@code agentshop.auth.shoppers=N}).
  */
@Component
public class UserDirectory implements UserDetailsService {

    static final String DEMO_PASSWORD = "demo";

    private final Map<String, UserAccount> accounts = new LinkedHashMap<>();
    private final Map<String, String> passwordHashes = new LinkedHashMap<>();

    public UserDirectory(Environment environment, PasswordEncoder passwordEncoder) {
        if (environment.acceptsProfiles(Profiles.of("local | demo-users"))) {
            String hash = passwordEncoder.encode(DEMO_PASSWORD);
            for (UserAccount account : List.of(
                    new UserAccount("customer1", "Customer One", "customer1@agentshop.example", List.of("customer")),
                    new UserAccount("customer2", "Customer Two", "customer2@agentshop.example", List.of("customer")),
                    new UserAccount("admin", "Shop Admin", "admin@agentshop.example", List.of("admin")),
                    new UserAccount("auditor", "Audrey Auditor", "auditor@agentshop.example", List.of("auditor")),
                    new UserAccount("analyst", "Anna Analyst", "analyst@agentshop.example", List.of("analyst")))) {
                accounts.put(account.username(), account);
                passwordHashes.put(account.username(), hash);
            }
            // Shoppers for the benchmark, each agent with a user of its own (agentshop.auth.shoppers, default 0).
            int shoppers = environment.getProperty("agentshop.auth.shoppers", Integer.class, 0);
            for (int n = 1; n <= shoppers; n++) {
                UserAccount shopper = new UserAccount("shopper-" + n, "Shopper " + n, "shopper-" + n
                        + "@agentshop.example", List.of("customer"));
                accounts.put(shopper.username(), shopper);
                passwordHashes.put(shopper.username(), hash);
            }
        }
    }

    public Optional<UserAccount> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserAccount account = accounts.get(username);
        if (account == null) {
            throw new UsernameNotFoundException(username);
        }
        return User.withUsername(username)
                .password(passwordHashes.get(username))
                .roles(account.roles().toArray(String[]::new))
                .build();
    }
}
