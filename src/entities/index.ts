import { Agency } from './agency.entity.js';
import { ApiKey } from './api-key.entity.js';
import { Area } from './area.entity.js';
import { Dataset } from './dataset.entity.js';
import { IdentityLink, IdentityProvider } from './identity-provider.entity.js';
import { SharedRecord } from './shared-record.entity.js';
import { SharingAgreement } from './sharing-agreement.entity.js';
import { User } from './user.entity.js';

/** Every entity, listed explicitly: no file-system discovery at run time. */
export const entities = [
  Agency,
  User,
  ApiKey,
  Dataset,
  Area,
  SharedRecord,
  SharingAgreement,
  IdentityProvider,
  IdentityLink,
];

export { Agency, ApiKey, Area, Dataset, IdentityLink, IdentityProvider, SharedRecord, SharingAgreement, User };
