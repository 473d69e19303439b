import type { EntityManager } from '@mikro-orm/postgresql';
import { consoleActor, type Actor } from '../auth/actor.js';
import { userPrincipal } from '../auth/principal.js';
import { User } from '../entities/user.entity.js';
import { CliError } from './runtime.js';

/*
 * `--as <username>`: the account a command acts as. It must be active and of an active
 * agency, as the API requires of every request; its roles and agency are then checked
 * by the services like any other principal's.
 */

/** The active account named by `--as`, with its agency. */
export async function actingAccount(em: EntityManager, username: string): Promise<User> {
  const user = await em.findOne(User, { username: username.trim().toLowerCase() }, { populate: ['agency'] });
  if (!user || !user.active || !user.agency.active) throw new CliError(`--as: no active account "${username}".`, 2);
  return user;
}

/** The actor for a command: the named account, or the operator at the console. */
export async function resolveActor(em: EntityManager, as: string | undefined): Promise<Actor> {
  if (!as) return consoleActor();
  return userPrincipal(await actingAccount(em, as));
}
