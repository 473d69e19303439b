import { Field, Int, ObjectType } from 'type-graphql';
import { AreaLevel } from '../entities/area.entity.js';
import { registerEnumType } from 'type-graphql';

registerEnumType(AreaLevel, { name: 'AreaLevel', description: 'Standard statistical and administrative areas.' });

@ObjectType('Area', { description: "A standard area (GSS code) of the partnership's geography." })
export class AreaType {
  @Field(() => String, { description: 'GSS code: E01 LSOA, E05 ward, E06-E09 local authority.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AreaLevel)
  level!: AreaLevel;

  @Field(() => String, { nullable: true })
  wardCode?: string;

  @Field(() => String, { nullable: true })
  localAuthorityCode?: string;

  @Field(() => String, { nullable: true })
  outwardPostcode?: string;

  @Field(() => Int, { nullable: true })
  population?: number;
}
