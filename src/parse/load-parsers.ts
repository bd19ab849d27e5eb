import { loadShellGrammar } from './shell/bash-grammar.js'
import { loadSqlParsers } from './sql/sql-parsers.js'

/** Loads every WASM parser once; analysis is synchronous afterwards. */
export async function loadParsers(): Promise<void> {
  await Promise.all([loadShellGrammar(), loadSqlParsers()])
}
