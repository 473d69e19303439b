import { registerEnumType } from 'type-graphql';
import { ApiKeyScope } from '../entities/api-key.entity.js';
import {
  Access,
  AgencyKind,
  AgreementStatus,
  Cadence,
  DatasetKind,
  LegalBasis,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../domain/vocabulary.js';

registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  description:
    'The kind of responsible authority (or, for YOUTH_OFFENDING_TEAM and INTEGRATED_CARE_BOARD, specified authority of the Serious Violence Duty).',
});
registerEnumType(Role, { name: 'Role', description: 'What an account may do in the hub.' });
registerEnumType(Purpose, {
  name: 'Purpose',
  description:
    'Why a request reads shared data. Declare it on the operation: `query Q @purpose(name: STRATEGIC_ASSESSMENT) { ... }`.',
});
registerEnumType(DatasetKind, { name: 'DatasetKind', description: 'The prescribed kinds of data partners supply.' });
registerEnumType(Cadence, { name: 'Cadence', description: 'How often a dataset is due.' });
registerEnumType(Access, {
  name: 'Access',
  description: 'How much of a field a recipient may see: NONE < AGGREGATE < RECORD.',
});
registerEnumType(LocationPrecision, { name: 'LocationPrecision', description: 'Location grains, finest first.' });
registerEnumType(TimePrecision, { name: 'TimePrecision', description: 'Time grains, finest first.' });
registerEnumType(RecordField, { name: 'RecordField', description: 'The governed fields of a shared record.' });
registerEnumType(AgreementStatus, { name: 'AgreementStatus' });
registerEnumType(LegalBasis, {
  name: 'LegalBasis',
  description:
    'S17A_DUTY: the duty to share prescribed information (Crime and Disorder Act 1998 s17A); S115_POWER: the power to disclose (1998 Act s115); PCSC_S16_SVD: disclosure for the Serious Violence Duty (Police, Crime, Sentencing and Courts Act 2022 s16), which does not cover patient information or personal information held by a health or social care body; OTHER: another basis, named in the agreement.',
});
registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'IMPORT: submit data for the agency; READ: read shared data as an analyst.',
});
