import { beforeAll, describe, expect, it, vi } from 'vitest'

import type { SqlDialect } from '../../model/action.js'
import { maxRisk, type Risk } from '../../model/risk.js'
import { analyzeSql } from './sql-analyzer.js'
import { loadSqlParsers } from './sql-parsers.js'

interface Case {
  readonly sql: string
  readonly risk: Risk
}

function judge(sql: string, dialect: SqlDialect): { risk: Risk; opaque: boolean } {
  const { effects, issues } = analyzeSql(sql, dialect)
  return {
    risk: maxRisk(effects.map((effect) => effect.risk)),
    opaque: issues.length > 0 || effects.some((effect) => effect.opaque),
  }
}

const cases = (risk: Risk, sqls: readonly string[]): Case[] => sqls.map((sql) => ({ sql, risk }))

describe('analyzeSql', () => {
  beforeAll(loadSqlParsers)

  describe('on postgres', () => {
    it.each(
      cases('catastrophic', [
        'DROP DATABASE orders',
        'DROP DATABASE IF EXISTS app_production WITH (FORCE)',
        'DROP SCHEMA public CASCADE',
      ]),
    )('rates `$sql` $risk when it deletes a whole database', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each(
      cases('destructive', [
        'DROP TABLE audit_log',
        'DROP TABLE IF EXISTS a, b CASCADE',
        'DROP SCHEMA reporting',
        'DROP SCHEMA reporting CASCADE',
        'DROP MATERIALIZED VIEW monthly_totals',
        'DROP SEQUENCE orders_id_seq',
        'DROP TYPE mood CASCADE',
        'DROP OWNED BY contractor',
        'TRUNCATE TABLE events RESTART IDENTITY',
        'ALTER TABLE users DROP COLUMN phone_number',
        'ALTER TABLE users ADD COLUMN email text, DROP COLUMN legacy_email',
      ]),
    )('rates `$sql` $risk when it drops or empties data', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each(
      cases('destructive', [
        'DELETE FROM customers',
        'UPDATE accounts SET balance = 0',
        'DELETE FROM orders USING customers',
        'DELETE FROM orders WHERE 1=1',
        'DELETE FROM orders WHERE true',
        "DELETE FROM orders WHERE 'a' = 'a'",
        'DELETE FROM orders WHERE note IS NULL OR note IS NOT NULL',
        'DELETE FROM orders WHERE customer_id = customer_id',
        'DELETE FROM orders WHERE id = 5 OR 1 = 1',
        'DELETE FROM orders WHERE NOT false',
        'DELETE FROM orders WHERE NOT (1 = 2)',
        'DELETE FROM orders WHERE status = 1 OR status <> 1',
        "DELETE FROM orders WHERE name LIKE '%'",
        'DELETE FROM orders WHERE id > 0',
        'DELETE FROM orders WHERE 1 IN (1, 2)',
        'DELETE FROM orders WHERE EXISTS (SELECT 1)',
        "DELETE FROM invoices WHERE created_at < '2999-01-01'",
        "UPDATE users SET active = false WHERE 'x' = 'x' AND true",
        'WITH gone AS (DELETE FROM sessions RETURNING *) SELECT count(*) FROM gone',
        'SELECT * FROM (WITH d AS (UPDATE accounts SET balance = 0 RETURNING id) SELECT id FROM d) AS x',
        'EXPLAIN ANALYZE DELETE FROM sessions',
        'MERGE INTO stock USING delivery ON true WHEN MATCHED THEN DELETE',
      ]),
    )('rates `$sql` $risk when its rows are not narrowed by a real WHERE', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each(
      cases('mutating', [
        "INSERT INTO feature_flags (name, enabled) VALUES ('bulk_export', false)",
        'INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = 2',
        'UPDATE users SET email_verified = true WHERE id = 5',
        'DELETE FROM sessions WHERE expires_at < now()',
        "DELETE FROM invoices WHERE created_at < '2001-01-01'",
        'DELETE FROM users WHERE deleted_at IS NOT NULL',
        'DELETE FROM orders USING customers WHERE orders.customer_id = customers.id',
        'WITH stale AS (SELECT id FROM jobs) DELETE FROM jobs WHERE id IN (SELECT id FROM stale)',
        'EXPLAIN ANALYZE UPDATE users SET name = $1 WHERE id = $2',
        'CREATE TABLE archive (id bigint PRIMARY KEY)',
        'CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id)',
        'ALTER TABLE customers ADD COLUMN tax_id text',
        'ALTER TABLE users RENAME TO accounts',
        'ALTER TABLE users RENAME COLUMN email TO email_address',
        'DROP INDEX idx_orders_customer',
        'DROP VIEW active_users',
        'DROP FUNCTION refresh_totals(int)',
        'DROP ROLE contractor',
        'GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO analyst',
        'REVOKE ALL ON TABLE payroll FROM intern',
        'ALTER ROLE intern SUPERUSER',
        'VACUUM FULL orders',
        'ANALYZE orders',
        'REINDEX TABLE orders',
        'LOCK TABLE orders IN ACCESS EXCLUSIVE MODE',
        'COPY events FROM STDIN',
        "COPY events FROM '/tmp/events.csv' CSV",
        'SELECT * INTO orders_2024 FROM orders',
        'SELECT pg_terminate_backend(4242)',
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'idle'",
        "ALTER SYSTEM SET work_mem = '64MB'",
      ]),
    )('rates `$sql` $risk when it changes state in a narrow or reversible way', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each(
      cases('safe', [
        "SELECT id, email FROM users WHERE created_at > now() - interval '7 days' LIMIT 50",
        "SELECT pg_size_pretty(pg_database_size('app'))",
        "SELECT 'DROP TABLE ' || quote_ident(tablename) FROM pg_tables WHERE schemaname = 'scratch'",
        'SELECT count(*), lower(email), extract(year FROM now()) FROM users FOR UPDATE',
        'EXPLAIN SELECT * FROM orders WHERE customer_id = 42',
        'EXPLAIN DELETE FROM orders',
        'EXPLAIN ANALYZE SELECT * FROM orders',
        'SHOW search_path',
        "SET statement_timeout = '5s'",
        'BEGIN',
        'COMMIT',
        'ROLLBACK',
        'COPY orders TO STDOUT WITH CSV',
        'PREPARE wipe AS DELETE FROM orders',
      ]),
    )('rates `$sql` $risk when it only reads or touches the session', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each(
      cases('safe', [
        '\\dt',
        '\\d+ users',
        '\\l',
        '\\x',
        '\\timing on',
        '\\conninfo',
        '\\q',
        '\\?',
        '\\set ON_ERROR_STOP on\n\\dt\nSELECT count(*) FROM users;',
        "\\copy users TO 'users.csv' CSV HEADER",
      ]),
    )('rates `$sql` $risk when psql meta-commands only read', ({ sql, risk }) => {
      expect(judge(sql, 'postgres')).toEqual({ risk, opaque: false })
    })

    it.each([
      "DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'scratch'; END $$",
      "COPY events FROM PROGRAM 'curl -s https://example.com/dump.csv'",
      "COPY events TO PROGRAM 'gzip > /tmp/events.gz'",
      'CALL rebuild_caches()',
      'EXECUTE wipe(1)',
      "SELECT pg_read_file('/etc/passwd')",
      "SELECT lo_import('/etc/passwd')",
      "SELECT dblink_exec('host=replica', 'DROP TABLE orders')",
      'SELECT purge_old_orders()',
      "DO LANGUAGE plpython3u $$ import os; os.system('ls') $$",
      "LOAD 'auto_explain'",
      'COMMIT PREPARED $$tx1$$',
      '\\! rm -rf /tmp/x',
      '\\i /tmp/fix.sql',
      "\\copy users FROM PROGRAM 'cat /etc/passwd'",
      "SELECT 'DROP TABLE ' || tablename FROM pg_tables \\gexec",
    ])('rates `%s` opaque when airlock cannot see what runs', (sql) => {
      expect(judge(sql, 'postgres')).toEqual({ risk: 'destructive', opaque: true })
    })

    it('rates a DO block catastrophic when it drops dynamically named tables in a loop', () => {
      const sql = `DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
          EXECUTE 'DROP TABLE IF EXISTS public.' || quote_ident(r.tablename) || ' CASCADE';
        END LOOP; END $$;`
      expect(judge(sql, 'postgres')).toEqual({ risk: 'catastrophic', opaque: true })
    })

    it('judges the static statements of a DO block when it has no dynamic sql', () => {
      const { effects } = analyzeSql(
        'DO $$ BEGIN DELETE FROM jobs WHERE id = 1; UPDATE accounts SET balance = 0; END $$',
        'postgres',
      )
      expect(effects.map((effect) => [effect.risk, effect.target])).toEqual([
        ['mutating', 'table:jobs'],
        ['destructive', 'table:accounts'],
      ])
    })

    it('returns one effect per statement with that statement as its source', () => {
      const { effects } = analyzeSql(
        'BEGIN;\n  UPDATE users SET plan = 1 WHERE id = 7;\n  -- cleanup\n  DROP TABLE tmp_import;\nCOMMIT;',
        'postgres',
      )
      expect(effects.map((effect) => [effect.risk, effect.source])).toEqual([
        ['safe', 'BEGIN'],
        ['mutating', 'UPDATE users SET plan = 1 WHERE id = 7'],
        ['destructive', 'DROP TABLE tmp_import'],
        ['safe', 'COMMIT'],
      ])
    })

    it('slices statement sources by character when the text is not ascii', () => {
      const { effects } = analyzeSql("SELECT 'café'; DELETE FROM naïve", 'postgres')
      expect(effects.map((effect) => effect.source)).toEqual(["SELECT 'café'", 'DELETE FROM naïve'])
    })

    it('describes the effect in the database system with a table target', () => {
      const [effect] = analyzeSql('DROP TABLE audit_log', 'postgres').effects
      expect(effect).toMatchObject({
        system: 'database',
        verb: 'delete',
        target: 'table:audit_log',
        scope: 'collection',
        dataLoss: true,
        reason: '`DROP TABLE audit_log` deletes the table and its rows',
      })
    })

    it('reports a parse_syntax_error with the parser message when a statement does not parse', () => {
      const { effects, issues } = analyzeSql('SELEC id FROM users', 'postgres')
      expect(effects).toMatchObject([
        { opaque: true, risk: 'destructive', source: 'SELEC id FROM users' },
      ])
      expect(issues).toEqual([
        {
          code: 'parse_syntax_error',
          message: 'postgres parser: syntax error at or near `SELEC`',
          span: { start: 0, end: 19 },
        },
      ])
    })

    it('keeps judging the other statements when one does not parse', () => {
      const { effects, issues } = analyzeSql('DROP DATABASE ledger; SELEC 1', 'postgres')
      expect(effects.map((effect) => [effect.risk, effect.opaque])).toEqual([
        ['catastrophic', false],
        ['destructive', true],
      ])
      expect(issues).toMatchObject([{ code: 'parse_syntax_error', span: { start: 22, end: 29 } }])
    })

    it('reports an unresolved expansion when the sql uses a psql variable', () => {
      const { issues } = analyzeSql('DELETE FROM users WHERE id = :id', 'postgres')
      expect(issues).toMatchObject([{ code: 'parse_unresolved_expansion' }])
    })

    it('skips the data rows of COPY FROM stdin in a script', () => {
      const script =
        "COPY users (id, email) FROM stdin;\n1\ta@example.com\n2\t\\N\n\\.\nSELECT setval('users_id_seq', 2);\n"
      const { effects, issues } = analyzeSql(script, 'postgres')
      expect(issues).toEqual([])
      expect(effects.map((effect) => effect.target)).toEqual(['table:users', 'function:setval'])
    })

    it('returns no effects when the input holds only comments', () => {
      expect(analyzeSql('-- nothing to do\n/* really */', 'postgres')).toEqual({
        effects: [],
        issues: [],
      })
    })
  })

  describe.each(['mysql', 'sqlite'] as const)('on %s', (dialect) => {
    it.each([
      { sql: 'DROP DATABASE shop', risk: 'catastrophic' },
      { sql: 'DELETE FROM customers', risk: 'destructive' },
      { sql: 'DELETE FROM orders WHERE 1=1', risk: 'destructive' },
      { sql: 'DELETE FROM logs LIMIT 100', risk: 'destructive' },
      { sql: 'UPDATE accounts SET balance = 0', risk: 'destructive' },
      { sql: 'DROP TABLE IF EXISTS messages', risk: 'destructive' },
      { sql: "UPDATE users SET email = 'a@example.com' WHERE id = 5", risk: 'mutating' },
      { sql: "INSERT INTO kv (k, v) VALUES ('last_sync', '2025-06-01')", risk: 'mutating' },
      { sql: 'SELECT id, email FROM users WHERE id = 7', risk: 'safe' },
      { sql: 'BEGIN; UPDATE users SET plan = 2 WHERE id = 1; COMMIT', risk: 'mutating' },
    ] satisfies Case[])('rates `$sql` $risk', ({ sql, risk }) => {
      expect(judge(sql, dialect)).toEqual({ risk, opaque: false })
    })

    it('reports a parse_syntax_error with an opaque effect when a statement does not parse', () => {
      const { effects, issues } = analyzeSql('SELEC id FROM users', dialect)
      expect(effects).toMatchObject([
        { opaque: true, risk: 'destructive', source: 'SELEC id FROM users' },
      ])
      expect(issues).toEqual([
        {
          code: 'parse_syntax_error',
          message: `${dialect} parser: syntax error near \`id\` at line 1 column 7`,
          span: { start: 0, end: 19 },
        },
      ])
    })
  })

  describe('on mysql', () => {
    it.each(cases('catastrophic', ['DROP SCHEMA billing', '/*!50000 DROP DATABASE shop */']))(
      'rates `$sql` $risk when it deletes a whole database',
      ({ sql, risk }) => {
        expect(judge(sql, 'mysql')).toEqual({ risk, opaque: false })
      },
    )

    it.each([
      ...cases('safe', [
        'SHOW CREATE TABLE order_items',
        "SHOW VARIABLES LIKE 'max_connections'",
        'EXPLAIN DELETE FROM sessions WHERE last_seen < NOW() - INTERVAL 30 DAY',
        'DESCRIBE users',
        'SELECT * FROM users\\G',
        'SET NAMES utf8mb4',
      ]),
      ...cases('mutating', [
        "GRANT SELECT ON shop.* TO 'bob'@'%'",
        'SET GLOBAL max_connections = 500',
        'RENAME TABLE orders TO orders_old',
        'OPTIMIZE TABLE orders',
      ]),
      ...cases('destructive', [
        'DELETE o FROM orders o JOIN customers c ON o.customer_id = c.id',
        'DELETE FROM orders WHERE 1',
        'RESET MASTER',
      ]),
    ])('rates `$sql` $risk', ({ sql, risk }) => {
      expect(judge(sql, 'mysql')).toEqual({ risk, opaque: false })
    })

    it('rates a WHERE with `||` opaque because MySQL may read it as OR', () => {
      expect(judge('DELETE FROM orders WHERE id = 5 || 1', 'mysql')).toEqual({
        risk: 'destructive',
        opaque: true,
      })
    })
  })

  describe('on sqlite', () => {
    it.each([
      ...cases('safe', [
        'PRAGMA integrity_check',
        'PRAGMA table_info(users)',
        'EXPLAIN QUERY PLAN DELETE FROM users',
        "SELECT name FROM sqlite_master WHERE type = 'table'",
        'SELECT * FROM [order items]',
        '.tables',
        '.mode csv\n.headers on\nSELECT * FROM users;',
      ]),
      ...cases('mutating', [
        "INSERT OR REPLACE INTO kv (k, v) VALUES ('a', 'b')",
        "INSERT INTO kv (k, v) VALUES ('a', 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v",
        'PRAGMA journal_mode = WAL',
        'VACUUM',
        'DROP INDEX idx_users_email',
      ]),
      ...cases('destructive', [
        'WITH d AS (SELECT 1) DELETE FROM users',
        'DELETE FROM users RETURNING *',
      ]),
    ])('rates `$sql` $risk', ({ sql, risk }) => {
      expect(judge(sql, 'sqlite')).toEqual({ risk, opaque: false })
    })

    it.each(['.shell rm -rf /', '.read /tmp/fix.sql', "SELECT load_extension('evil')"])(
      'rates `%s` opaque when it runs code airlock cannot see',
      (sql) => {
        expect(judge(sql, 'sqlite')).toEqual({ risk: 'destructive', opaque: true })
      },
    )
  })

  it('returns an opaque effect and parse_internal_error when the parsers are not loaded', async () => {
    vi.resetModules()
    const fresh = await import('./sql-analyzer.js')
    const { effects, issues } = fresh.analyzeSql('SELECT 1', 'postgres', 'psql -c "SELECT 1"')
    expect(effects).toMatchObject([
      { opaque: true, risk: 'destructive', source: 'psql -c "SELECT 1"' },
    ])
    expect(issues).toMatchObject([{ code: 'parse_internal_error' }])
  })
})

describe('loadSqlParsers', () => {
  it('returns the same promise when called again', () => {
    expect(loadSqlParsers()).toBe(loadSqlParsers())
  })
})
