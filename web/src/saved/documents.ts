import { graphql } from '../gql';

export const SavedQueriesQuery = graphql(`
  query ConsoleSavedQueries {
    savedQueries {
      id
      name
      description
      view
      sharing
      owner
      ownerAgency
      mine
      csvPath
    }
  }
`);

export const SavedQueryQuery = graphql(`
  query ConsoleSavedQuery($id: ID!) {
    savedQuery(id: $id) {
      id
      name
      description
      view
      parameters
      sharing
      owner
      ownerAgency
      mine
      csvPath
    }
  }
`);

export const SaveQueryMutation = graphql(`
  mutation ConsoleSaveQuery($input: SaveQueryInput!) {
    saveQuery(input: $input) {
      id
      name
      sharing
      csvPath
    }
  }
`);

export const DeleteSavedQueryMutation = graphql(`
  mutation ConsoleDeleteSavedQuery($id: ID!) {
    deleteSavedQuery(id: $id)
  }
`);
