import { graphql } from '../gql';

export const AgreementsQuery = graphql(`
  query ConsoleAgreements {
    agreements {
      reference
      title
      status
      inForce
      standing
      provider {
        code
        name
      }
      recipients {
        code
        name
      }
      acceptances {
        agency
        accepted
        acceptedAt
      }
      providerApprovedAt
      validFrom
      validTo
      reviewDate
      dpiaStatus
      dpia {
        completedOn
      }
    }
  }
`);

export const AgreementDraftTimesQuery = graphql(`
  query ConsoleAgreementDraftTimes {
    auditEvents(first: 200, filter: { kind: ADMIN }) {
      nodes {
        seq
        action
        at
        agreementReferences
        details
      }
    }
  }
`);

export const AgreementQuery = graphql(`
  query ConsoleAgreement($reference: String!) {
    agreement(reference: $reference) {
      id
      reference
      title
      status
      inForce
      standing
      termsDigest
      provider {
        code
        name
      }
      recipients {
        code
        name
      }
      datasets {
        key
        name
      }
      purposes
      legalBasis
      additionalLegalBases
      grants {
        field
        access
        precision
      }
      minCellSize
      validFrom
      validTo
      reviewDate
      draftedBy
      providerApprovedAt
      providerApprovedBy
      recipientAcceptedAt
      recipientAcceptedBy
      acceptances {
        agency
        accepted
        acceptedAt
        acceptedBy
      }
      lastReviewedAt
      dpiaStatus
      dpia {
        document
        completedOn
        outcome
        signedOffBy
        dataFlows
      }
    }
  }
`);

export const AgreementHistoryQuery = graphql(`
  query ConsoleAgreementHistory($reference: String!) {
    byReference: auditEvents(first: 200, filter: { agreement: $reference, kind: ADMIN }) {
      nodes {
        seq
        at
        action
        principalLabel
        agencyCode
        outcome
        agreementReferences
        details
      }
    }
    recentChanges: auditEvents(first: 500, filter: { kind: ADMIN }) {
      nodes {
        seq
        at
        action
        principalLabel
        agencyCode
        outcome
        agreementReferences
        details
      }
    }
  }
`);

export const ApproveAgreement = graphql(`
  mutation ConsoleApproveAgreement($reference: String!, $termsDigest: String!) {
    approveAgreement(reference: $reference, termsDigest: $termsDigest) {
      id
      status
    }
  }
`);

export const AcceptAgreement = graphql(`
  mutation ConsoleAcceptAgreement($reference: String!, $termsDigest: String!) {
    acceptAgreement(reference: $reference, termsDigest: $termsDigest) {
      id
      status
    }
  }
`);

export const SuspendAgreement = graphql(`
  mutation ConsoleSuspendAgreement($reference: String!, $reason: String) {
    suspendAgreement(reference: $reference, reason: $reason) {
      id
      status
    }
  }
`);

export const ResumeAgreement = graphql(`
  mutation ConsoleResumeAgreement($reference: String!) {
    resumeAgreement(reference: $reference) {
      id
      status
    }
  }
`);

export const RevokeAgreement = graphql(`
  mutation ConsoleRevokeAgreement($reference: String!, $reason: String) {
    revokeAgreement(reference: $reference, reason: $reason) {
      id
      status
    }
  }
`);

export const ReviewAgreement = graphql(`
  mutation ConsoleReviewAgreement($reference: String!, $nextReviewDate: String!) {
    reviewAgreement(reference: $reference, nextReviewDate: $nextReviewDate) {
      id
      status
      reviewDate
    }
  }
`);

export const RecordDpia = graphql(`
  mutation ConsoleRecordDpia($reference: String!, $input: AgreementDpiaInput!) {
    recordAgreementDpia(reference: $reference, input: $input) {
      id
      dpiaStatus
    }
  }
`);

export const DraftAgreement = graphql(`
  mutation ConsoleDraftAgreement($input: DraftAgreementInput!) {
    draftAgreement(input: $input) {
      id
      reference
    }
  }
`);

export const DraftFormOptionsQuery = graphql(`
  query ConsoleDraftFormOptions {
    agencies {
      code
      name
      active
    }
    datasets {
      key
      name
      agency {
        code
      }
    }
  }
`);

export const UpdateAgreement = graphql(`
  mutation ConsoleUpdateAgreement($reference: String!, $input: UpdateAgreementInput!) {
    updateAgreement(reference: $reference, input: $input) {
      id
      reference
      termsDigest
    }
  }
`);
