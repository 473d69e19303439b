import { Field, InputType, ObjectType } from 'type-graphql';
import { DatasetKind } from '../domain/vocabulary.js';
import './enums.js';

@ObjectType('SeriousViolenceEntry', {
  description: 'One category of one kind of data that counts as serious violence.',
})
export class SeriousViolenceEntryType {
  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String, { description: 'A category code of the kind (as records carry it).' })
  category!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'The sub-category codes that count; null when every record of the category counts.',
  })
  subcategories!: string[] | null;

  @Field(() => String, {
    description:
      'In words, with the labels: "Police recorded crime: Violence against the person (Homicide; Violence with injury)".',
  })
  text!: string;
}

@ObjectType('SeriousViolenceSubcategoryChoice')
export class SeriousViolenceSubcategoryChoiceType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  label!: string;
}

@ObjectType('SeriousViolenceCategoryChoice', {
  description: 'A category a definition may list, with its sub-categories: every category of every kind of data.',
})
export class SeriousViolenceCategoryChoiceType {
  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String)
  kindLabel!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  label!: string;

  @Field(() => [SeriousViolenceSubcategoryChoiceType])
  subcategories!: SeriousViolenceSubcategoryChoiceType[];
}

@ObjectType('SeriousViolenceDefinition', {
  description:
    "The partnership's serious violence definition (Serious Violence Duty): which categories, and which sub-categories, of which kinds of data count as serious violence. Set once for the partnership; every analysis and report of serious violence counts by it.",
})
export class SeriousViolenceDefinitionType {
  @Field(() => [SeriousViolenceEntryType])
  entries!: SeriousViolenceEntryType[];

  @Field(() => Boolean, { description: "Whether it counts what the hub's default counts." })
  isDefault!: boolean;

  @Field(() => Boolean, {
    description: "Whether a partnership administrator has set it; until then the hub's default applies.",
  })
  adopted!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who set it last (username, or the command line).' })
  updatedBy!: string | null;

  @Field(() => [SeriousViolenceEntryType], { description: "The hub's default, to go back to." })
  defaultEntries!: SeriousViolenceEntryType[];

  @Field(() => [SeriousViolenceCategoryChoiceType], {
    description: 'Every category (and sub-category) a definition may list.',
  })
  choices!: SeriousViolenceCategoryChoiceType[];
}

@InputType('SeriousViolenceEntryInput')
export class SeriousViolenceEntryInput {
  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String)
  category!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Leave out (or null) to count every record of the category; else at least one sub-category code.',
  })
  subcategories?: string[] | null;
}

@InputType('SeriousViolenceDefinitionInput')
export class SeriousViolenceDefinitionInput {
  @Field(() => [SeriousViolenceEntryInput], { description: 'Each category that counts, once.' })
  entries!: SeriousViolenceEntryInput[];
}
