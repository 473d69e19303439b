import { FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ALL_TEMPLATES, publishTemplate, templateFor } from '../ingest/templates.js';
import { DatasetType } from '../schema/dataset.type.js';
import { DatasetTemplateType } from '../schema/template.type.js';

@Resolver(() => DatasetType)
export class TemplatesResolver {
  @Query(() => [DatasetTemplateType], {
    description:
      'The template of every prescribed kind of data: columns, accepted values, and what the hub keeps of each.',
  })
  datasetTemplates(): DatasetTemplateType[] {
    return ALL_TEMPLATES.map(publishTemplate);
  }

  @FieldResolver(() => DatasetTemplateType, { description: "The template this dataset's files must follow." })
  template(@Root() dataset: DatasetType): DatasetTemplateType {
    return publishTemplate(templateFor(dataset.kind));
  }
}
