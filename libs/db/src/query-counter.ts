import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * A TypeORM logger that counts SQL statements (benchmarks use it to prove batching:
 * the count must not grow with the number of parents).
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keep = 0) {}
  logQuery(query: string): void {
    this.count += 1;
    if (this.statements.length < this.keep) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
}
