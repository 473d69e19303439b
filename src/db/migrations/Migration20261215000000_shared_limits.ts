import { Migration } from '@mikro-orm/migrations';

/**
 * Rate limits and login throttling shared by every hub process on the database, so that
 * N processes behind a load balancer enforce one limit, not N (docs/security.md).
 *
 * UNLOGGED: the state is written on every request and is worth nothing after a crash
 * (PostgreSQL empties unlogged tables then, which only resets the counts), so it skips
 * the WAL and is not replicated. Keys are HMAC-SHA256 digests (src/auth/limit-keys.ts):
 * usernames and client addresses never reach these tables.
 *
 * A rate-limit bucket is one timestamp, the moment it would be full again (the token
 * bucket written as GCRA); a row whose moment has passed is a full bucket and is pruned.
 */
export class Migration20261215000000_shared_limits extends Migration {
  override up(): void {
    this.addSql(
      `create unlogged table "rate_limit_bucket" (
         "key" bytea primary key,
         "full_at" timestamptz not null
       ) with (fillfactor = 70);`,
    );
    this.addSql(
      `create unlogged table "login_throttle_window" (
         "key" bytea primary key,
         "failures" int not null default 0 check ("failures" >= 0),
         "pending" int not null default 0 check ("pending" >= 0),
         "started_at" timestamptz not null,
         "pending_at" timestamptz not null
       );`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "login_throttle_window";`);
    this.addSql(`drop table if exists "rate_limit_bucket";`);
  }
}
