import type { Node, ObjectType, RangeVar } from 'libpg-query'

type TagOf<N> = N extends unknown ? keyof N : never

/** The name of a PostgreSQL parse node's type: `DropStmt`, `A_Expr`, `RangeVar`. */
export type PostgresNodeTag = TagOf<Node>

/** The content of a parse node of the given type. */
export type PostgresNodeOf<K extends PostgresNodeTag> = Extract<Node, Record<K, unknown>>[K]

/** The type of a parse node; each node is an object with exactly one key, its type. */
export function tagOf(node: Node): PostgresNodeTag {
  for (const key in node) return key as PostgresNodeTag
  // INVARIANT: libpg-query never produces an empty node.
  throw new TypeError('empty postgres parse node')
}

/** The content of a node when it has the given type. */
export function nodeAs<K extends PostgresNodeTag>(
  node: Node | undefined,
  tag: K,
): PostgresNodeOf<K> | undefined {
  return node !== undefined && tag in node
    ? (node as unknown as Record<K, PostgresNodeOf<K>>)[tag]
    : undefined
}

/** The value of a `String` node. */
export function stringOf(node: Node | undefined): string | undefined {
  return nodeAs(node, 'String')?.sval
}

/** A dotted name from a list of `String` nodes (`public.users`). */
export function dottedName(nodes: readonly Node[] | undefined): string {
  return (nodes ?? []).map((node) => stringOf(node) ?? '?').join('.')
}

/** The qualified name of a table reference (`ledger.public.users`). */
export function rangeVarName(range: RangeVar | undefined): string {
  if (range === undefined) return '?'
  return [range.catalogname, range.schemaname, range.relname]
    .filter((part) => part !== undefined && part !== '')
    .join('.')
}

/** The name of an object in a `DROP` or `COMMENT` statement, whatever its node type. */
export function objectName(node: Node): string {
  const list = nodeAs(node, 'List')
  if (list !== undefined) return dottedName(list.items)
  const text = stringOf(node)
  if (text !== undefined) return text
  const withArgs = nodeAs(node, 'ObjectWithArgs')
  if (withArgs !== undefined) return dottedName(withArgs.objname)
  const typeName = nodeAs(node, 'TypeName')
  if (typeName !== undefined) return dottedName(typeName.names)
  const role = nodeAs(node, 'RoleSpec')
  if (role !== undefined) return role.rolename ?? role.roletype?.replace('ROLESPEC_', '') ?? '?'
  const range = nodeAs(node, 'RangeVar')
  if (range !== undefined) return rangeVarName(range)
  return '?'
}

/** How an object type reads in SQL: `OBJECT_MATVIEW` is `MATERIALIZED VIEW`. */
export function objectTypeWords(type: ObjectType | undefined): string {
  if (type === undefined) return 'OBJECT'
  const words: Partial<Record<ObjectType, string>> = {
    OBJECT_MATVIEW: 'MATERIALIZED VIEW',
    OBJECT_FDW: 'FOREIGN DATA WRAPPER',
    OBJECT_FOREIGN_SERVER: 'SERVER',
    OBJECT_TABCONSTRAINT: 'CONSTRAINT',
    OBJECT_DOMCONSTRAINT: 'CONSTRAINT',
    OBJECT_TSCONFIGURATION: 'TEXT SEARCH CONFIGURATION',
    OBJECT_TSDICTIONARY: 'TEXT SEARCH DICTIONARY',
    OBJECT_TSPARSER: 'TEXT SEARCH PARSER',
    OBJECT_TSTEMPLATE: 'TEXT SEARCH TEMPLATE',
    OBJECT_STATISTIC_EXT: 'STATISTICS',
  }
  return words[type] ?? type.replace(/^OBJECT_/, '').replaceAll('_', ' ')
}

/** The prefix of an effect target for an object type: `table`, `materialized-view`, `schema`. */
export function objectTargetKind(type: ObjectType | undefined): string {
  return objectTypeWords(type).toLowerCase().replaceAll(' ', '-')
}
