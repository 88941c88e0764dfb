package io.agentshop.commandside.api.account;

/** Everything that happens to an Account. */
public sealed interface AccountEvent permits AccountOpened, AccountModeChanged, DelegationGranted,
        DelegationLimitsChanged, DelegationRevoked, OrderAuthorized {

    String userId();
}
