import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AREAS } from '../analytics/aggregate.service.js';
import { badInput, forbidden } from '../auth/errors.js';
import { loadPlan, type HubContext } from '../context.js';
import { answerGeojson, type PlacedRow } from '../geography/geojson-export.js';
import { isLayerLevel, LAYER_LEVELS, layersFor, levelsAllowed, type LayerLevel } from '../geography/layers.js';
import { AggregateResultType } from '../schema/aggregate.type.js';
import type { PublishedCountType } from '../schema/analytics.type.js';
import { CrossAgencyType } from '../schema/cross-agency.type.js';
import { HotspotsType } from '../schema/hotspots.type.js';
import { RepeatLocationsType } from '../schema/repeats.type.js';
import { MapBaseLayerType, MapLayerType } from '../schema/geography.type.js';
import { GroupBy, MapDetail } from '../domain/api-enums.js';

/** Where the HTTP door serves a layer (src/server/geography-layer.ts). */
export const layerUrl = (level: LayerLevel, detail: MapDetail) =>
  `/geography/layers/${level}.topojson?detail=${detail}`;

async function geojsonOf(ctx: HubContext, level: GroupBy, rows: PlacedRow[], answer: string): Promise<string> {
  const shapes = isLayerLevel(level) ? await ctx.services.reads.run((pool) => layersFor(pool).shapes(level)) : null;
  return answerGeojson(level, rows, shapes, { answer });
}

const GEOJSON_DESCRIPTION =
  'The same answer as GeoJSON (WGS84): a feature per row with its area boundary, or its 100 m grid square as a polygon; a suppressed count is null with its `suppressed` flag, as in the CSV. Rows without a boundary keep a null geometry.';

@Resolver()
export class GeographyResolver {
  @Query(() => MapBaseLayerType, {
    nullable: true,
    description: "The base map configured to draw under the console's maps, or null (the default: none).",
  })
  mapBaseLayer(@Ctx() ctx: HubContext): MapBaseLayerType | null {
    return ctx.services.config.mapTiles;
  }

  @Query(() => MapLayerType, {
    nullable: true,
    description:
      "The boundaries of an area level for drawing answers at that level (null when none are loaded). Refused at a level finer than the caller's agreements allow shared data to be grouped by for the purpose.",
  })
  async mapLayer(
    @Ctx() ctx: HubContext,
    @Arg('level', () => GroupBy) level: GroupBy,
    @Arg('detail', () => MapDetail, { defaultValue: MapDetail.MEDIUM }) detail: MapDetail = MapDetail.MEDIUM,
  ): Promise<MapLayerType | null> {
    if (!isLayerLevel(level)) throw badInput(`\`level\` must be one of ${LAYER_LEVELS.join(', ')}.`);
    const allowed = levelsAllowed(await loadPlan(ctx));
    if (!allowed.includes(level))
      throw forbidden(
        allowed.length
          ? `Not shared with you at this grain: no data is shared with you by ${level} for this purpose, so it cannot be mapped at that level. Levels you may map: ${allowed.join(', ')}.`
          : 'Not shared with you at this grain: no data with a location is shared with you for this purpose, so nothing can be mapped.',
        { allowedLevels: allowed },
      );
    const tag = await ctx.services.reads.run((pool) => layersFor(pool).etag(level, detail));
    if (!tag) return null;
    return {
      level,
      detail,
      release: tag.release,
      version: tag.etag.slice(1, -1),
      areas: tag.areas,
      url: layerUrl(level, detail),
      topojson: '',
    };
  }
}

@Resolver(() => MapLayerType)
export class MapLayerResolver {
  @FieldResolver(() => String, {
    description:
      'The layer itself: TopoJSON with one object, `areas`, a feature per area (`id` the GSS code, `properties.name`).',
  })
  async topojson(@Ctx() ctx: HubContext, @Root() layer: MapLayerType): Promise<string> {
    const built = await ctx.services.reads.run((pool) =>
      layersFor(pool).layer(layer.level as LayerLevel, layer.detail),
    );
    if (!built) throw new Error('the boundaries were removed while the layer was asked for');
    return built.body;
  }
}

@Resolver(() => AggregateResultType)
export class AggregateMapResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: `${GEOJSON_DESCRIPTION} Null when the answer is not broken down by an area.`,
  })
  async geojson(@Ctx() ctx: HubContext, @Root() r: AggregateResultType): Promise<string | null> {
    const at = r.dimensions.findIndex((d) => (AREAS as readonly GroupBy[]).includes(d));
    if (at < 0) return null;
    const others = r.dimensions.map((d, i) => ({ d, i })).filter(({ i }) => i !== at);
    const hasRate = r.cells.some((c) => c.rate !== null && c.rate !== undefined);
    const rows: PlacedRow[] = r.cells.map((c) => ({
      area: c.keys[at] ?? null,
      name: c.labels[at] ?? 'Unknown',
      properties: {
        ...Object.fromEntries(
          others.flatMap(({ d, i }) => [
            [d.toLowerCase(), c.keys[i] ?? null],
            [`${d.toLowerCase()}_label`, c.labels[i] ?? null],
          ]),
        ),
        count: c.suppressed ? null : c.value,
        suppressed: c.suppressed,
        ...(hasRate ? { rate_per_1000: c.suppressed ? null : (c.rate ?? null) } : {}),
      },
    }));
    return geojsonOf(ctx, r.dimensions[at], rows, 'aggregate');
  }
}

@Resolver(() => HotspotsType)
export class HotspotsMapResolver {
  @FieldResolver(() => String, { description: GEOJSON_DESCRIPTION })
  async geojson(@Ctx() ctx: HubContext, @Root() r: HotspotsType): Promise<string> {
    const rows: PlacedRow[] = r.rows.map((h) => ({
      area: h.area,
      name: h.name,
      properties: {
        count: h.currentSuppressed ? null : h.current,
        suppressed: h.currentSuppressed,
        previous_count: h.previousSuppressed ? null : h.previous,
        previous_suppressed: h.previousSuppressed,
        change_percent: h.changePercent,
        rate_per_1000: h.currentSuppressed ? null : h.rate,
      },
    }));
    return geojsonOf(ctx, r.level, rows, 'hotspots');
  }
}

const published = (name: string, p: PublishedCountType) => ({
  [name]: p.suppressed ? null : p.value,
  [`${name}_suppressed`]: p.suppressed,
});

@Resolver(() => CrossAgencyType)
export class CrossAgencyMapResolver {
  @FieldResolver(() => String, { description: GEOJSON_DESCRIPTION })
  async geojson(@Ctx() ctx: HubContext, @Root() r: CrossAgencyType): Promise<string> {
    const rows: PlacedRow[] = r.rows.map((x) => ({
      area: x.area,
      name: x.name,
      properties: {
        ...published('police_violence', x.policeViolence),
        ...published('police_violence_with_injury', x.policeViolenceWithInjury),
        ...published('ae_assaults', x.aeAssaults),
        unknown_to_police_percent_at_least: x.unknownToPoliceShare,
      },
    }));
    return geojsonOf(ctx, r.level, rows, 'crossAgency');
  }
}

@Resolver(() => RepeatLocationsType)
export class RepeatLocationsMapResolver {
  @FieldResolver(() => String, { description: GEOJSON_DESCRIPTION })
  async geojson(@Ctx() ctx: HubContext, @Root() r: RepeatLocationsType): Promise<string> {
    const rows: PlacedRow[] = r.rows.map((x) => ({
      area: x.area,
      name: x.name,
      properties: {
        dataset: x.dataset,
        category: x.category,
        [`most_in_${r.withinDays}_days`]: x.peakInWindow,
        total: x.total,
        first_day: x.firstAt?.toISOString().slice(0, 10) ?? null,
        last_day: x.lastAt?.toISOString().slice(0, 10) ?? null,
        peak_first_day: x.peakStartsAt?.toISOString().slice(0, 10) ?? null,
        peak_last_day: x.peakEndsAt?.toISOString().slice(0, 10) ?? null,
      },
    }));
    return geojsonOf(ctx, r.level, rows, 'repeatLocations');
  }
}
