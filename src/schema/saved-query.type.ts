import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { SavedQuerySharing, SavedQueryView } from '../domain/api-enums.js';

registerEnumType(SavedQueryView, { name: 'SavedQueryView', description: 'The analysis a saved query re-runs.' });
registerEnumType(SavedQuerySharing, {
  name: 'SavedQuerySharing',
  description:
    "Who may open a saved query: its owner only, the owner's agency, or the whole partnership. Each reader sees only what their own agreements allow.",
});

@ObjectType('SavedQuery', {
  description:
    "A saved view: its parameters, never its answer. Opening it re-runs it under the reader's agreements and purpose.",
})
export class SavedQueryType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => SavedQueryView)
  view!: SavedQueryView;

  @Field(() => GraphQLJSONObject, { description: "The arguments of the view's query (without the purpose)." })
  parameters!: Record<string, unknown>;

  @Field(() => SavedQuerySharing)
  sharing!: SavedQuerySharing;

  @Field(() => String, { description: 'Username of the owner.' })
  owner!: string;

  @Field(() => String, { description: 'Agency code of the owner.' })
  ownerAgency!: string;

  @Field(() => Boolean, { description: 'True when the caller owns it (and so may change or delete it).' })
  mine!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => String, {
    description:
      'Path of its CSV (add `?purpose=...`): a spreadsheet or Power BI refreshes it with an API key of READ scope in `X-Api-Key`; audited like any read.',
  })
  csvPath!: string;
}

@InputType('SaveQueryInput')
export class SaveQueryInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => SavedQueryView)
  view!: SavedQueryView;

  @Field(() => GraphQLJSONObject)
  parameters!: Record<string, unknown>;

  @Field(() => SavedQuerySharing, { defaultValue: SavedQuerySharing.PRIVATE })
  sharing!: SavedQuerySharing;
}
