import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import './analytics.type.js';
import { GroupBy, MapDetail } from '../domain/api-enums.js';

registerEnumType(MapDetail, {
  name: 'MapDetail',
  description:
    'How finely a map layer is drawn: LOW (about 200 m, thumbnails and print), MEDIUM (about 50 m, the console), HIGH (as loaded, quantised to about a metre).',
});

@ObjectType('MapLayer', {
  description:
    "The boundaries of one area level, for drawing an answer at that level. Served as TopoJSON on the British National Grid (EPSG:27700) at `url`, with `version` as its ETag; offered only at levels the caller's agreements allow for the purpose.",
})
export class MapLayerType {
  @Field(() => GroupBy, { description: 'LSOA, WARD or LOCAL_AUTHORITY.' })
  level!: GroupBy;

  @Field(() => MapDetail)
  detail!: MapDetail;

  @Field(() => String, { description: 'The boundary release the layer is drawn from.' })
  release!: string;

  @Field(() => String, {
    description: 'Changes whenever the boundaries change: the ETag the layer is served with (unquoted).',
  })
  version!: string;

  @Field(() => Int, { description: 'Areas in the layer.' })
  areas!: number;

  @Field(() => String, { description: 'Where to fetch the layer (add `purpose`), e.g. for a browser that caches it.' })
  url!: string;

  @Field(() => String, {
    description:
      'The layer itself: TopoJSON with one object, `areas`, a feature per area (`id` the GSS code, `properties.name`).',
  })
  topojson!: string;
}

@ObjectType('MapBaseLayer', {
  description:
    "A licensed base map the partnership has configured to draw under the console's maps (HUB_MAP_TILE_URL): tiles fetched by the browser straight from the tile service. Null when none is configured: the hub runs offline.",
})
export class MapBaseLayerType {
  @Field(() => String, { description: 'The tile address, with {z}, {x} and {y}.' })
  urlTemplate!: string;

  @Field(() => String, {
    description:
      "The tile matrix: EPSG:27700 (the Ordnance Survey's British National Grid tiles) or EPSG:3857 (Web Mercator).",
  })
  crs!: string;

  @Field(() => Int, { description: 'The finest zoom level the service has.' })
  maxZoom!: number;

  @Field(() => String, { description: "The licence's credit, shown on every map with the tiles." })
  attribution!: string;
}
