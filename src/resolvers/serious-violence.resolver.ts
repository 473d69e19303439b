import { KIND_NAMES } from '../domain/labels.js';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { CATEGORIES } from '../domain/categories.js';
import { DatasetKind } from '../domain/vocabulary.js';
import {
  DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
  entryInWords,
  type SeriousViolenceEntry,
} from '../analytics/serious-violence.js';
import {
  loadSeriousViolenceDefinition,
  setSeriousViolenceDefinition,
  type StoredSeriousViolenceDefinition,
} from '../analytics/serious-violence.service.js';
import {
  SeriousViolenceDefinitionInput,
  SeriousViolenceDefinitionType,
  type SeriousViolenceCategoryChoiceType,
  type SeriousViolenceEntryType,
} from '../schema/serious-violence.type.js';

const toEntry = (e: SeriousViolenceEntry): SeriousViolenceEntryType => ({ ...e, text: entryInWords(e) });

const CHOICES: SeriousViolenceCategoryChoiceType[] = Object.values(DatasetKind).flatMap((kind) =>
  CATEGORIES[kind].map((c) => ({
    kind,
    kindLabel: KIND_NAMES[kind],
    category: c.code,
    label: c.label,
    subcategories: (c.subcategories ?? []).map((s) => ({ code: s.code, label: s.label })),
  })),
);

function toDefinition(d: StoredSeriousViolenceDefinition): SeriousViolenceDefinitionType {
  return {
    entries: d.definition.entries.map(toEntry),
    isDefault: d.isDefault,
    adopted: d.adopted,
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
    defaultEntries: DEFAULT_SERIOUS_VIOLENCE_DEFINITION.entries.map(toEntry),
    choices: CHOICES,
  };
}

/** The partnership's serious violence definition: read by anyone signed in, set by partnership administrators. */
@Resolver()
export class SeriousViolenceResolver {
  @Query(() => SeriousViolenceDefinitionType, {
    description:
      "The partnership's serious violence definition (the hub's default until an administrator sets one). It holds no partner data.",
  })
  async seriousViolenceDefinition(@Ctx() ctx: HubContext): Promise<SeriousViolenceDefinitionType> {
    return toDefinition(await loadSeriousViolenceDefinition(ctx.services.pool));
  }

  @Mutation(() => SeriousViolenceDefinitionType, {
    description:
      "Partnership administrators: set the serious violence definition. Refused (BAD_USER_INPUT) naming any category or sub-category that is not one of the kind's; audited (serious_violence.set_definition) with the definition before and after.",
  })
  async setSeriousViolenceDefinition(
    @Arg('input', () => SeriousViolenceDefinitionInput) input: SeriousViolenceDefinitionInput,
    @Ctx() ctx: HubContext,
  ): Promise<SeriousViolenceDefinitionType> {
    return toDefinition(
      await setSeriousViolenceDefinition(ctx.em, ctx.principal!, input, { requestId: ctx.requestId }),
    );
  }
}
