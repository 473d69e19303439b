import { AccountsAdmin } from './accounts-admin.js';
import { AgenciesAdmin } from './agencies-admin.js';
import { ApiKeysAdmin } from './api-keys-admin.js';

/*
 * Administration of agencies, accounts and API keys, for GraphQL and the CLI alike: the one
 * entry point callers use. Each concern lives in its own module (agencies-admin.ts,
 * accounts-admin.ts, api-keys-admin.ts); who may assign and manage what is in
 * admin-rules.ts, the audit's snapshots in admin-snapshots.ts, and every change is written
 * to the audit trail in the same transaction (admin-audit.ts).
 */

/** Agencies, accounts and API keys. Stateless: every method takes the EntityManager to use. */
export class AdminService {
  private readonly agencies = new AgenciesAdmin();
  private readonly accounts = new AccountsAdmin();
  private readonly apiKeys = new ApiKeysAdmin();

  // ------------------------------------------------------------------ agencies

  agencyByCode(...args: Parameters<AgenciesAdmin['agencyByCode']>) {
    return this.agencies.agencyByCode(...args);
  }

  createAgency(...args: Parameters<AgenciesAdmin['createAgency']>) {
    return this.agencies.createAgency(...args);
  }

  updateAgency(...args: Parameters<AgenciesAdmin['updateAgency']>) {
    return this.agencies.updateAgency(...args);
  }

  setAgencySecondFactorRequired(...args: Parameters<AgenciesAdmin['setAgencySecondFactorRequired']>) {
    return this.agencies.setAgencySecondFactorRequired(...args);
  }

  setAgencyActive(...args: Parameters<AgenciesAdmin['setAgencyActive']>) {
    return this.agencies.setAgencyActive(...args);
  }

  // ------------------------------------------------------------------ accounts

  listAccounts(...args: Parameters<AccountsAdmin['listAccounts']>) {
    return this.accounts.listAccounts(...args);
  }

  accountByUsername(...args: Parameters<AccountsAdmin['accountByUsername']>) {
    return this.accounts.accountByUsername(...args);
  }

  createAccount(...args: Parameters<AccountsAdmin['createAccount']>) {
    return this.accounts.createAccount(...args);
  }

  updateAccount(...args: Parameters<AccountsAdmin['updateAccount']>) {
    return this.accounts.updateAccount(...args);
  }

  setRoles(...args: Parameters<AccountsAdmin['setRoles']>) {
    return this.accounts.setRoles(...args);
  }

  setAccountActive(...args: Parameters<AccountsAdmin['setAccountActive']>) {
    return this.accounts.setAccountActive(...args);
  }

  resetPassword(...args: Parameters<AccountsAdmin['resetPassword']>) {
    return this.accounts.resetPassword(...args);
  }

  revokeTokens(...args: Parameters<AccountsAdmin['revokeTokens']>) {
    return this.accounts.revokeTokens(...args);
  }

  requirePasswordChange(...args: Parameters<AccountsAdmin['requirePasswordChange']>) {
    return this.accounts.requirePasswordChange(...args);
  }

  removeSecondFactor(...args: Parameters<AccountsAdmin['removeSecondFactor']>) {
    return this.accounts.removeSecondFactor(...args);
  }

  // ------------------------------------------------------------------ API keys

  listApiKeys(...args: Parameters<ApiKeysAdmin['listApiKeys']>) {
    return this.apiKeys.listApiKeys(...args);
  }

  createApiKey(...args: Parameters<ApiKeysAdmin['createApiKey']>) {
    return this.apiKeys.createApiKey(...args);
  }

  revokeApiKey(...args: Parameters<ApiKeysAdmin['revokeApiKey']>) {
    return this.apiKeys.revokeApiKey(...args);
  }
}
