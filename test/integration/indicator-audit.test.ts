import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContent } from '../../src/audit/audit-event.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { auditEvents } from '../support/audit.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * Defining an indicator and setting its targets changes every partner's MET / NOT_MET
 * status: each change leaves one ADMIN event with the row before and after, committed in
 * the same transaction as the change, so that no change lands without its event.
 */

const DEFINE = `mutation Define($input: IndicatorInput!) { defineIndicator(input: $input) { key name description kinds categories subcategories better } }`;
const TARGET = `mutation Target($key: String!, $quarter: String!, $target: Float!) { setIndicatorTarget(key: $key, quarter: $quarter, target: $target) { key quarter target } }`;

describe('indicator definitions and targets are audited with their before and after images', () => {
  let t: TestHub;
  let admin: { id: string; token: string; username: string };
  let analyst: { id: string; token: string };

  const gql = async (query: string, variables: Record<string, unknown>, token = admin.token) => {
    const requestId = `test-${randomUUID()}`;
    const r = await t.gql(query, variables, { token, headers: { 'x-request-id': requestId } });
    return { ...r, requestId };
  };
  const adminEvents = (action: string) => auditEvents(t.runtime.pool, `e.kind = 'ADMIN' and e.action = $1`, [action]);
  const indicatorRow = async (key: string) =>
    (
      await t.runtime.pool.query(
        `select name, description, kinds::text[] as kinds, categories, subcategories, better from performance_indicator where key = $1`,
        [key],
      )
    ).rows[0] ?? null;
  const targetRow = async (key: string, quarter: string) =>
    (
      await t.runtime.pool.query(
        `select t.target::float8 as target from indicator_target t join performance_indicator i on i.id = t.indicator_id where i.key = $1 and t.quarter_start = $2::date`,
        [key, quarter],
      )
    ).rows[0] ?? null;

  /** Makes the audit writer refuse batches holding one of these actions (other events still go through). */
  function failAuditOf(...actions: string[]) {
    t.runtime.services.audit.writer.beforeWrite = (batch: readonly AuditContent[]) => {
      if (batch.some((c) => actions.includes(c.action))) throw new Error('simulated audit failure');
    };
    return () => {
      t.runtime.services.audit.writer.beforeWrite = undefined;
    };
  }

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const hub = await seed.agency('HUB', AgencyKind.COUNCIL);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    admin = await seed.user(hub, [Role.ADMIN], 'admin@hub');
    analyst = await seed.user(police, [Role.ANALYST], 'analyst@pol');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records indicator.define for a new indicator (before null) and for a redefinition (before = the old row)', async () => {
    const input = {
      key: 'violence-with-injury',
      name: 'Violence with injury',
      kinds: ['POLICE_CRIME'],
      subcategories: ['VIOLENCE_WITH_INJURY'],
      better: 'LOWER',
    };
    const created = await gql(DEFINE, { input });
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({
      defineIndicator: {
        key: 'violence-with-injury',
        kinds: ['POLICE_CRIME'],
        subcategories: ['VIOLENCE_WITH_INJURY'],
        categories: null,
        better: 'LOWER',
      },
    });

    let events = await adminEvents('indicator.define');
    expect(events).toHaveLength(1);
    const first = events[0];
    expect(first).toMatchObject({
      kind: 'ADMIN',
      outcome: 'SUCCEEDED',
      principalKind: 'user',
      principalLabel: 'admin@hub',
      requestId: created.requestId,
    });
    expect(first.details).toMatchObject({
      entityType: 'Indicator',
      before: null,
      after: {
        indicator: 'violence-with-injury',
        name: 'Violence with injury',
        description: null,
        kinds: ['POLICE_CRIME'],
        categories: null,
        subcategories: ['VIOLENCE_WITH_INJURY'],
        better: 'LOWER',
        updatedBy: admin.id,
      },
    });
    const indicatorId = (first.details as { entityId: string }).entityId;
    expect(indicatorId).toMatch(/^[0-9a-f-]{36}$/);

    // Redefined: the trail shows what it was and what it became.
    const redefined = await gql(DEFINE, {
      input: {
        ...input,
        name: 'All violence',
        subcategories: null,
        categories: ['VIOLENCE_AGAINST_THE_PERSON'],
        better: 'HIGHER',
        description: 'Moved',
      },
    });
    expect(redefined.errors).toBeUndefined();
    events = await adminEvents('indicator.define');
    expect(events).toHaveLength(2);
    expect(events[1].requestId).toBe(redefined.requestId);
    expect(events[1].details).toMatchObject({
      entityType: 'Indicator',
      entityId: indicatorId,
      before: {
        indicator: 'violence-with-injury',
        name: 'Violence with injury',
        subcategories: ['VIOLENCE_WITH_INJURY'],
        categories: null,
        better: 'LOWER',
        description: null,
      },
      after: {
        indicator: 'violence-with-injury',
        name: 'All violence',
        subcategories: null,
        categories: ['VIOLENCE_AGAINST_THE_PERSON'],
        better: 'HIGHER',
        description: 'Moved',
      },
    });
    expect(await indicatorRow('violence-with-injury')).toMatchObject({ name: 'All violence', better: 'HIGHER' });
    expect((await t.runtime.services.audit.verify()).ok).toBe(true);
  });

  it('records indicator.set_target with the previous target (null when there was none) and the new one', async () => {
    const set = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-04-01', target: 100 });
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({
      setIndicatorTarget: { key: 'violence-with-injury', quarter: '2026-04-01', target: 100 },
    });
    const moved = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-04-01', target: 140.5 });
    expect(moved.errors).toBeUndefined();

    const events = await adminEvents('indicator.set_target');
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.requestId)).toEqual([set.requestId, moved.requestId]);
    expect(events[0].details).toMatchObject({
      entityType: 'Indicator',
      before: null,
      after: { indicator: 'violence-with-injury', quarter: '2026-04-01', target: 100, setBy: admin.id },
    });
    expect(events[1].details).toMatchObject({
      entityType: 'Indicator',
      before: { indicator: 'violence-with-injury', quarter: '2026-04-01', target: 100 },
      after: { indicator: 'violence-with-injury', quarter: '2026-04-01', target: 140.5 },
    });
    expect(events[1].principalLabel).toBe('admin@hub');
    expect(await targetRow('violence-with-injury', '2026-04-01')).toEqual({ target: 140.5 });
  });

  it('leaves no event and no change when the change is refused', async () => {
    const before = (await auditEvents(t.runtime.pool, `e.kind = 'ADMIN'`)).length;
    expect(
      (await gql(TARGET, { key: 'no-such-indicator', quarter: '2026-04-01', target: 1 })).errors![0].extensions!.code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-04-01', target: 1 }, analyst.token)).errors![0]
        .extensions!.code,
    ).toBe('FORBIDDEN');
    expect(
      (await gql(DEFINE, { input: { key: 'x', name: 'Too short a key', better: 'LOWER' } })).errors![0].extensions!
        .code,
    ).toBe('BAD_USER_INPUT');
    expect((await auditEvents(t.runtime.pool, `e.kind = 'ADMIN'`)).length).toBe(before);
    expect(await targetRow('violence-with-injury', '2026-04-01')).toEqual({ target: 140.5 });
  });

  it('does not apply a redefinition, a new indicator or a target when its audit event cannot be written', async () => {
    const restore = failAuditOf('indicator.define', 'indicator.set_target');
    const eventsBefore = (await auditEvents(t.runtime.pool, `e.kind = 'ADMIN'`)).length;
    try {
      const redefine = await gql(DEFINE, {
        input: { key: 'violence-with-injury', name: 'Quietly redefined', better: 'LOWER' },
      });
      expect(redefine.data ?? null).toBeNull();
      expect(redefine.errors?.length).toBeGreaterThan(0);
      const create = await gql(DEFINE, { input: { key: 'new-indicator', name: 'New', better: 'LOWER' } });
      expect(create.errors?.length).toBeGreaterThan(0);
      const move = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-04-01', target: 999 });
      expect(move.errors?.length).toBeGreaterThan(0);
      const add = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-07-01', target: 5 });
      expect(add.errors?.length).toBeGreaterThan(0);
    } finally {
      restore();
    }
    expect(await indicatorRow('violence-with-injury')).toMatchObject({
      name: 'All violence',
      better: 'HIGHER',
      description: 'Moved',
    });
    expect(await indicatorRow('new-indicator')).toBeNull();
    expect(await targetRow('violence-with-injury', '2026-04-01')).toEqual({ target: 140.5 });
    expect(await targetRow('violence-with-injury', '2026-07-01')).toBeNull();
    expect((await auditEvents(t.runtime.pool, `e.kind = 'ADMIN'`)).length).toBe(eventsBefore);

    // With the trail writable again, the same change goes through, with its event.
    const retry = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-07-01', target: 5 });
    expect(retry.errors).toBeUndefined();
    const last = (await adminEvents('indicator.set_target')).at(-1)!;
    expect(last.details).toMatchObject({ before: null, after: { quarter: '2026-07-01', target: 5 } });
    expect((await t.runtime.services.audit.verify()).ok).toBe(true);
  });

  it('rolls the change back when the event fails inside the database, after the change was written', async () => {
    // A failure past the writer's own checks: the database refuses the event row itself.
    const pool = t.runtime.pool;
    await pool.query(
      `create function test_refuse_indicator_event() returns trigger language plpgsql as $$ begin raise exception 'simulated: audit_event refused'; end $$`,
    );
    await pool.query(
      `create trigger test_refuse_indicator_event before insert on audit_event for each row when (new.action like 'indicator.%') execute function test_refuse_indicator_event()`,
    );
    try {
      const move = await gql(TARGET, { key: 'violence-with-injury', quarter: '2026-04-01', target: 1 });
      expect(move.errors?.length).toBeGreaterThan(0);
      const redefine = await gql(DEFINE, {
        input: { key: 'violence-with-injury', name: 'Quietly redefined', better: 'LOWER' },
      });
      expect(redefine.errors?.length).toBeGreaterThan(0);
    } finally {
      await pool.query(`drop trigger test_refuse_indicator_event on audit_event`);
      await pool.query(`drop function test_refuse_indicator_event()`);
    }
    expect(await targetRow('violence-with-injury', '2026-04-01')).toEqual({ target: 140.5 });
    expect(await indicatorRow('violence-with-injury')).toMatchObject({ name: 'All violence' });
    expect((await t.runtime.services.audit.verify()).ok).toBe(true);
  });
});
