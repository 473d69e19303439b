import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import type { ApiKey } from '../entities/api-key.entity.js';
import {
  AccountCredentialsType,
  ApiKeyType,
  CreateAccountInput,
  CreateAgencyInput,
  CreateApiKeyInput,
  CreateDatasetInput,
  IssuedApiKeyType,
  UpdateAgencyInput,
  UpdateDatasetInput,
} from '../schema/admin.type.js';
import { AgencyType } from '../schema/agency.type.js';
import { DatasetType } from '../schema/dataset.type.js';
import { AccountType } from '../schema/user.type.js';
import { AdminService } from '../admin/admin.service.js';
import { DatasetAdminService } from '../admin/datasets-admin.service.js';
import { toAccount, toAgency, toDataset } from '../catalogue/views.js';

const admin = new AdminService();
const datasetAdmin = new DatasetAdminService();

export const toApiKey = (k: ApiKey): ApiKeyType => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  agency: toAgency(k.agency),
  createdAt: k.createdAt,
  revokedAt: k.revokedAt ?? null,
  lastUsedAt: k.lastUsedAt ?? null,
});

/** Agencies, their datasets, accounts and API keys. Who may do what is decided in AdminService and DatasetAdminService. */
@Resolver()
export class AdminResolver {
  // ------------------------------------------------------------------ agencies

  @Mutation(() => AgencyType, { description: 'Adds an agency to the partnership (ADMIN).' })
  async createAgency(
    @Arg('input', () => CreateAgencyInput) input: CreateAgencyInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgencyType> {
    return toAgency(await admin.createAgency(ctx.em, ctx.principal!, input, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgencyType, { description: 'Renames or re-kinds an agency (ADMIN).' })
  async updateAgency(
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateAgencyInput) input: UpdateAgencyInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgencyType> {
    return toAgency(await admin.updateAgency(ctx.em, ctx.principal!, code, input, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgencyType, {
    description:
      "Refuses the agency's accounts and keys from their next request (ADMIN). Its data and agreements stay.",
  })
  async deactivateAgency(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgency(await admin.setAgencyActive(ctx.em, ctx.principal!, code, false, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgencyType, { description: "Lets a deactivated agency's accounts and keys back in (ADMIN)." })
  async reactivateAgency(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgency(await admin.setAgencyActive(ctx.em, ctx.principal!, code, true, { requestId: ctx.requestId }));
  }

  // ------------------------------------------------------------------ datasets

  @Mutation(() => DatasetType, {
    description:
      "Registers a dataset of an agency, so that its systems can import into it and its agreements can share it (ADMIN; an agency's liaison officer for its own agency, at the template's cadence).",
  })
  async createDataset(
    @Arg('input', () => CreateDatasetInput) input: CreateDatasetInput,
    @Ctx() ctx: HubContext,
  ): Promise<DatasetType> {
    return toDataset(await datasetAdmin.createDataset(ctx.em, ctx.principal!, input, { requestId: ctx.requestId }));
  }

  @Mutation(() => DatasetType, {
    description:
      "Renames a dataset (ADMIN; its agency's liaison officer), or changes its cadence (ADMIN). Its key, kind and agency never change.",
  })
  async updateDataset(
    @Arg('key', () => String) key: string,
    @Arg('input', () => UpdateDatasetInput) input: UpdateDatasetInput,
    @Ctx() ctx: HubContext,
  ): Promise<DatasetType> {
    return toDataset(
      await datasetAdmin.updateDataset(ctx.em, ctx.principal!, key, input, { requestId: ctx.requestId }),
    );
  }

  // ------------------------------------------------------------------ accounts

  @Query(() => [AccountType], {
    description: "Accounts: all of them for an administrator, your own agency's for a liaison officer.",
  })
  async accounts(
    @Ctx() ctx: HubContext,
    @Arg('agency', () => String, { nullable: true, description: 'Agency code.' }) agency?: string | null,
  ): Promise<AccountType[]> {
    return (await admin.listAccounts(ctx.em, ctx.principal!, agency)).map(toAccount);
  }

  @Mutation(() => AccountCredentialsType, {
    description: 'Creates an account. Without `password`, one is generated and returned once.',
  })
  async createAccount(
    @Arg('input', () => CreateAccountInput) input: CreateAccountInput,
    @Ctx() ctx: HubContext,
  ): Promise<AccountCredentialsType> {
    const { account, generatedPassword } = await admin.createAccount(ctx.em, ctx.principal!, input, {
      requestId: ctx.requestId,
    });
    return { account: toAccount(account), generatedPassword };
  }

  @Mutation(() => AccountType)
  async updateAccount(
    @Arg('username', () => String) username: string,
    @Arg('displayName', () => String) displayName: string,
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(
      await admin.updateAccount(ctx.em, ctx.principal!, username, { displayName }, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AccountType, { description: "Replaces the account's roles; takes effect at its next request." })
  async setAccountRoles(
    @Arg('username', () => String) username: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(await admin.setRoles(ctx.em, ctx.principal!, username, roles, { requestId: ctx.requestId }));
  }

  @Mutation(() => AccountType, { description: 'Refuses the account at login and at its next request with any token.' })
  async deactivateAccount(
    @Arg('username', () => String) username: string,
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(
      await admin.setAccountActive(ctx.em, ctx.principal!, username, false, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AccountType)
  async reactivateAccount(
    @Arg('username', () => String) username: string,
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(
      await admin.setAccountActive(ctx.em, ctx.principal!, username, true, { requestId: ctx.requestId }),
    );
  }

  @Mutation(() => AccountCredentialsType, {
    description:
      'Sets a new password (generated and returned once when `password` is omitted) and ends every session of the account.',
  })
  async resetPassword(
    @Arg('username', () => String) username: string,
    @Ctx() ctx: HubContext,
    @Arg('password', () => String, { nullable: true }) password?: string | null,
    @Arg('requireChange', () => Boolean, {
      nullable: true,
      description: 'The holder must choose a new password at their next sign-in.',
    })
    requireChange?: boolean | null,
  ): Promise<AccountCredentialsType> {
    const { account, generatedPassword } = await admin.resetPassword(ctx.em, ctx.principal!, username, password, {
      requestId: ctx.requestId,
      requireChange,
    });
    return { account: toAccount(account), generatedPassword };
  }

  @Mutation(() => AccountType, {
    description: 'At its next request or sign-in, the account can do nothing but change its password.',
  })
  async requirePasswordChange(
    @Arg('username', () => String) username: string,
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(await admin.requirePasswordChange(ctx.em, ctx.principal!, username, { requestId: ctx.requestId }));
  }

  @Mutation(() => AccountType, {
    description:
      "Removes an account's authenticator and recovery codes (its holder lost both) and ends its sessions; a required factor must be set up again at the next sign-in.",
  })
  async removeSecondFactor(
    @Arg('username', () => String) username: string,
    @Ctx() ctx: HubContext,
  ): Promise<AccountType> {
    return toAccount(await admin.removeSecondFactor(ctx.em, ctx.principal!, username, { requestId: ctx.requestId }));
  }

  @Mutation(() => AgencyType, {
    description:
      "The agency's own setting that its people with a local password must use a second factor (ADMIN; the agency's AGENCY_ADMIN).",
  })
  async setAgencySecondFactorRequired(
    @Arg('code', () => String) code: string,
    @Arg('required', () => Boolean) required: boolean,
    @Ctx() ctx: HubContext,
  ): Promise<AgencyType> {
    return toAgency(
      await admin.setAgencySecondFactorRequired(ctx.em, ctx.principal!, code, required, {
        requestId: ctx.requestId,
      }),
    );
  }

  @Mutation(() => AccountType, {
    description: 'Ends every session of the account: tokens issued until now are refused.',
  })
  async revokeTokens(@Arg('username', () => String) username: string, @Ctx() ctx: HubContext): Promise<AccountType> {
    return toAccount(await admin.revokeTokens(ctx.em, ctx.principal!, username, { requestId: ctx.requestId }));
  }

  // ------------------------------------------------------------------ API keys

  @Query(() => [ApiKeyType], {
    description:
      "API keys (never the keys themselves): all for an administrator, your own agency's for a liaison officer.",
  })
  async apiKeys(
    @Ctx() ctx: HubContext,
    @Arg('agency', () => String, { nullable: true, description: 'Agency code.' }) agency?: string | null,
  ): Promise<ApiKeyType[]> {
    return (await admin.listApiKeys(ctx.em, ctx.principal!, agency)).map(toApiKey);
  }

  @Mutation(() => IssuedApiKeyType, {
    description: "Issues an API key for an agency's system. The key is in the answer once, and never again.",
  })
  async createApiKey(
    @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() ctx: HubContext,
  ): Promise<IssuedApiKeyType> {
    const { apiKey, key } = await admin.createApiKey(ctx.em, ctx.principal!, input, { requestId: ctx.requestId });
    return { key, apiKey: toApiKey(apiKey) };
  }

  @Mutation(() => ApiKeyType, { description: 'Revokes a key by its prefix; it is refused from its next request.' })
  async revokeApiKey(@Arg('prefix', () => String) prefix: string, @Ctx() ctx: HubContext): Promise<ApiKeyType> {
    return toApiKey(await admin.revokeApiKey(ctx.em, ctx.principal!, prefix, { requestId: ctx.requestId }));
  }
}
