import type { Agency } from '../entities/agency.entity.js';
import type { Dataset } from '../entities/dataset.entity.js';
import type { User } from '../entities/user.entity.js';
import type { AgencyType } from '../schema/agency.type.js';
import type { DatasetType } from '../schema/dataset.type.js';
import type { AccountType } from '../schema/user.type.js';

export const toAgency = (a: Agency): AgencyType => ({
  id: a.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  active: a.active,
  requireSecondFactor: a.requireSecondFactor,
});

export const toAccount = (u: User): AccountType => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  active: u.active,
  agency: toAgency(u.agency),
});

export const toDataset = (d: Dataset): DatasetType => ({
  id: d.id,
  key: d.key,
  name: d.name,
  kind: d.kind,
  cadence: d.cadence,
  agency: toAgency(d.agency),
});
