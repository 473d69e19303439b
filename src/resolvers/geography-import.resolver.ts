import { Readable } from 'node:stream';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { badInput } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { GeographyFileError, GeographyImportService } from '../geography/geography-import.service.js';
import type { ReleaseSummary } from '../geography/release.js';
import { GeographyReleaseType, ImportGeographyInput } from '../schema/geography-import.type.js';

const toRelease = (s: ReleaseSummary & { loadedAt?: Date }): GeographyReleaseType => ({
  kind: s.kind,
  release: s.release,
  fileName: s.fileName,
  read: s.read,
  kept: s.kept,
  outside: s.outside,
  changes: Object.entries(s.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([change, count]) => ({ change, count, codes: s.codes[change] ?? [] })),
  notes: s.notes,
  loadedAt: s.loadedAt ?? null,
});

const service = (ctx: HubContext) => new GeographyImportService(ctx.services.pool, ctx.services.audit);

/** Loading the ONS geography (ADMIN): src/geography/, docs/geography.md. */
@Resolver()
export class GeographyImportResolver {
  @Mutation(() => GeographyReleaseType, {
    description:
      'Loads an ONS geography file as a release, replacing the previous release of its kind atomically (ADMIN). Files larger than a request allows go through `npx hub geography import`.',
  })
  async importGeography(
    @Arg('input', () => ImportGeographyInput) input: ImportGeographyInput,
    @Ctx() ctx: HubContext,
  ): Promise<GeographyReleaseType> {
    try {
      return toRelease(
        await service(ctx).importFile({
          kind: input.kind,
          source: Readable.from([Buffer.from(input.content, 'utf8')]),
          fileName: input.fileName ?? null,
          keep: input.keep ?? null,
          all: input.all ?? false,
          year: input.year ?? null,
          release: input.release ?? null,
          actor: ctx.principal!,
          requestId: ctx.requestId,
        }),
      );
    } catch (err) {
      if (err instanceof GeographyFileError) throw badInput(err.message);
      throw err;
    }
  }

  @Mutation(() => [String], {
    description:
      'Sets the areas the partnership keeps from national lookups: its CSP, local authority, county or police force area codes (ADMIN).',
  })
  async setGeographyKeep(@Arg('codes', () => [String]) codes: string[], @Ctx() ctx: HubContext): Promise<string[]> {
    try {
      return await service(ctx).setKeep(ctx.principal!, codes, ctx.requestId);
    } catch (err) {
      if (err instanceof GeographyFileError) throw badInput(err.message);
      throw err;
    }
  }

  @Query(() => [GeographyReleaseType], { description: 'The geography releases loaded, newest first (ADMIN).' })
  async geographyReleases(
    @Arg('limit', () => Int, { nullable: true, defaultValue: 20 }) limit: number,
    @Ctx() ctx: HubContext,
  ): Promise<GeographyReleaseType[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badInput('limit must be from 1 to 200.');
    return (await service(ctx).releases(limit)).map(toRelease);
  }
}
