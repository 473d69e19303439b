import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { IdentityProvider } from '../entities/identity-provider.entity.js';
import { providerView } from '../identity/view.js';
import { identityProviders } from '../identity/services.js';
import { IdentityProviderInput, IdentityProviderType, SignInOptionType } from '../schema/identity-provider.type.js';

/** Agencies' identity providers (src/identity/): who may manage which is decided in IdentityProvidersService. */
@Resolver()
export class IdentityProvidersResolver {
  @Query(() => [SignInOptionType], {
    description: 'The identity providers people may sign in with, for the sign-in page: display names only. Public.',
  })
  async signInOptions(@Ctx() ctx: HubContext): Promise<SignInOptionType[]> {
    const rows = await ctx.em.find(
      IdentityProvider,
      { enabled: true, agency: { active: true } },
      { orderBy: { displayName: 'asc' } },
    );
    return rows.map((p) => ({ name: p.name, displayName: p.displayName, startPath: `/auth/oidc/${p.name}/start` }));
  }

  @Query(() => [IdentityProviderType], {
    description: "Agencies' identity providers (ADMIN), optionally of one agency.",
  })
  async identityProviders(
    @Arg('agency', () => String, { nullable: true }) agency: string | undefined,
    @Ctx() ctx: HubContext,
  ): Promise<IdentityProviderType[]> {
    const list = await identityProviders(ctx.services).list(ctx.em, ctx.principal!, agency ?? undefined);
    return Promise.all(list.map((p) => providerView(ctx.em, ctx.services, p)));
  }

  @Mutation(() => IdentityProviderType, {
    description: "Registers an agency's identity provider (ADMIN). Audited as identity_provider.add.",
  })
  async addIdentityProvider(
    @Arg('name', () => String) name: string,
    @Arg('input', () => IdentityProviderInput) input: IdentityProviderInput,
    @Ctx() ctx: HubContext,
  ): Promise<IdentityProviderType> {
    const p = await identityProviders(ctx.services).add(
      ctx.em,
      ctx.principal!,
      { ...input, name },
      {
        requestId: ctx.requestId,
      },
    );
    return providerView(ctx.em, ctx.services, p);
  }

  @Mutation(() => IdentityProviderType, {
    description:
      'Changes an identity provider (ADMIN); members left out are unchanged. Audited as identity_provider.update.',
  })
  async updateIdentityProvider(
    @Arg('name', () => String) name: string,
    @Arg('input', () => IdentityProviderInput) input: IdentityProviderInput,
    @Ctx() ctx: HubContext,
  ): Promise<IdentityProviderType> {
    const { agency: _ignored, ...rest } = input;
    void _ignored;
    const p = await identityProviders(ctx.services).update(ctx.em, ctx.principal!, name, rest, {
      requestId: ctx.requestId,
    });
    return providerView(ctx.em, ctx.services, p);
  }

  @Mutation(() => Boolean, {
    description:
      'Removes an identity provider and its links (ADMIN); the accounts stay. Audited as identity_provider.remove.',
  })
  async removeIdentityProvider(@Arg('name', () => String) name: string, @Ctx() ctx: HubContext): Promise<boolean> {
    await identityProviders(ctx.services).remove(ctx.em, ctx.principal!, name, { requestId: ctx.requestId });
    return true;
  }
}
