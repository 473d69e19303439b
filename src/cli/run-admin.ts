import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../auth/errors.js';
import type { Runtime } from '../runtime.js';
import { CliError, withRuntime } from './runtime.js';

/** Runs a command's work, turning the services' coded errors into CLI errors. */
export async function runAdmin<T>(fn: (rt: Runtime, em: EntityManager) => Promise<T>): Promise<T> {
  return withRuntime(async (rt) => {
    try {
      return await fn(rt, rt.orm.em.fork());
    } catch (err) {
      if (err instanceof GraphQLError) {
        const code = String(err.extensions.code ?? 'ERROR');
        throw new CliError(`${code}: ${err.message}`, code === ErrorCode.BAD_USER_INPUT ? 2 : 1);
      }
      throw err;
    }
  });
}
