import { graphql } from '../gql';

export const MyDatasetsQuery = graphql(`
  query ConsoleProviderDatasets {
    datasets {
      key
      name
      kind
      cadence
      agency {
        code
        name
      }
    }
  }
`);

export const BatchesQuery = graphql(`
  query ConsoleImportBatches($dataset: String, $status: ImportBatchStatus, $first: Int!) {
    importBatches(dataset: $dataset, status: $status, first: $first) {
      id
      dataset
      agency
      status
      door
      submittedBy
      startedAt
      finishedAt
      periodStart
      periodEnd
      rowsRead
      inserted
      updated
      duplicates
      rejected
      blank
      errorCode
      error
    }
  }
`);

export const BatchQuery = graphql(`
  query ConsoleImportBatch($id: ID!) {
    importBatch(id: $id) {
      id
      dataset
      agency
      status
      door
      submittedBy
      startedAt
      finishedAt
      periodStart
      periodEnd
      dataFrom
      dataTo
      sourceFormat
      sourceEncoding
      rowsRead
      inserted
      updated
      duplicates
      rejected
      blank
      rowsOutsidePeriod
      freeTextCoded
      freeTextDropped
      freeTextKinds {
        key
        rows
      }
      rejectedByRule {
        key
        rows
      }
      errorCode
      error
      rejectionsStored
      rejections(first: 500) {
        row
        column
        rule
        reason
      }
      notesStored
      notes(first: 500) {
        row
        column
        kind
        reason
      }
      sameAs
    }
  }
`);

export const TemplatesQuery = graphql(`
  query ConsoleDatasetTemplates {
    datasetTemplates {
      kind
      title
      description
      cadence
      locationRequired
      rules
      precision {
        time
        location
        ageBand
      }
      columns {
        name
        type
        required
        treatment
        description
        note
        allowedValues
        maxLength
      }
    }
  }
`);

export const LsoaQuery = graphql(`
  query ConsoleExampleLsoa {
    areas(level: LSOA) {
      code
    }
  }
`);
