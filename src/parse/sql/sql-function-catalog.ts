import type { SqlDialect } from '../../model/action.js'
import type { EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'

// Word lists are written as text: one name per word.
function words(text: string): string[] {
  return text.trim().split(/\s+/)
}

/** What calling a function does beyond computing a value. */
export interface FunctionJudgement {
  readonly risk: Risk
  readonly opaque: boolean
  readonly verb: EffectVerb
  /** Completes "calls `f`, which …". */
  readonly does: string
}

function judged(risk: Risk, verb: EffectVerb, does: string, opaque = false): FunctionJudgement {
  return { risk, opaque, verb, does }
}

const READS_SERVER_FILES = judged(
  'destructive',
  'unknown',
  'reads files on the database server',
  true,
)
const WRITES_SERVER_FILES = judged(
  'destructive',
  'unknown',
  'changes files on the database server',
  true,
)
const RUNS_SQL_TEXT = judged('destructive', 'unknown', 'runs sql given as text', true)
const RUNS_REMOTE_SQL = judged('destructive', 'unknown', 'runs sql on another database', true)
const ADVISORY_LOCK = judged('mutating', 'write', 'takes or releases an advisory lock')
const RESETS_STATISTICS = judged('mutating', 'write', 'resets collected statistics')
const ADMINISTERS = judged('mutating', 'write', 'changes the state of the database server')
const REPLICATION = judged('mutating', 'write', 'changes replication state')

const POSTGRES_EFFECTS: Readonly<Record<string, FunctionJudgement>> = {
  pg_terminate_backend: judged('mutating', 'stop', 'ends another database session'),
  pg_cancel_backend: judged('mutating', 'stop', 'cancels the query of another session'),
  nextval: judged('mutating', 'write', 'advances a sequence'),
  setval: judged('mutating', 'write', 'sets a sequence'),
  pg_reload_conf: judged('mutating', 'restart', 'reloads the server configuration'),
  pg_rotate_logfile: ADMINISTERS,
  pg_switch_wal: ADMINISTERS,
  pg_create_restore_point: ADMINISTERS,
  pg_backup_start: ADMINISTERS,
  pg_backup_stop: ADMINISTERS,
  pg_start_backup: ADMINISTERS,
  pg_stop_backup: ADMINISTERS,
  pg_wal_replay_pause: REPLICATION,
  pg_wal_replay_resume: REPLICATION,
  pg_create_physical_replication_slot: REPLICATION,
  pg_create_logical_replication_slot: REPLICATION,
  pg_copy_physical_replication_slot: REPLICATION,
  pg_copy_logical_replication_slot: REPLICATION,
  pg_logical_slot_get_changes: REPLICATION,
  pg_logical_slot_get_binary_changes: REPLICATION,
  pg_replication_origin_create: REPLICATION,
  pg_replication_origin_drop: REPLICATION,
  pg_replication_origin_advance: REPLICATION,
  pg_replication_origin_session_setup: REPLICATION,
  pg_sync_replication_slots: REPLICATION,
  pg_logical_emit_message: REPLICATION,
  pg_import_system_collations: ADMINISTERS,
  pg_notify: judged('mutating', 'write', 'notifies listeners, which may act on it'),
  pg_stat_statements_reset: RESETS_STATISTICS,
  pg_set_relation_stats: RESETS_STATISTICS,
  pg_clear_relation_stats: RESETS_STATISTICS,
  pg_restore_relation_stats: RESETS_STATISTICS,
  pg_set_attribute_stats: RESETS_STATISTICS,
  pg_clear_attribute_stats: RESETS_STATISTICS,
  pg_restore_attribute_stats: RESETS_STATISTICS,
  lo_create: judged('mutating', 'create', 'creates a large object'),
  lo_creat: judged('mutating', 'create', 'creates a large object'),
  lo_from_bytea: judged('mutating', 'create', 'creates a large object'),
  lo_put: judged('mutating', 'write', 'writes into a large object'),
  lo_unlink: judged('destructive', 'delete', 'deletes a large object'),
  pg_drop_replication_slot: judged(
    'destructive',
    'delete',
    'drops a replication slot; its consumer must resynchronise',
  ),
  pg_replication_slot_advance: judged(
    'destructive',
    'delete',
    'skips changes a replication slot has not delivered',
  ),
  pg_promote: judged(
    'destructive',
    'deploy',
    'promotes a standby to primary, which cannot be undone',
  ),
  pg_read_file: READS_SERVER_FILES,
  pg_read_binary_file: READS_SERVER_FILES,
  pg_stat_file: READS_SERVER_FILES,
  pg_ls_dir: READS_SERVER_FILES,
  pg_ls_logdir: READS_SERVER_FILES,
  pg_ls_waldir: READS_SERVER_FILES,
  pg_ls_tmpdir: READS_SERVER_FILES,
  pg_ls_archive_statusdir: READS_SERVER_FILES,
  pg_ls_logicalsnapdir: READS_SERVER_FILES,
  pg_ls_logicalmapdir: READS_SERVER_FILES,
  pg_ls_replslotdir: READS_SERVER_FILES,
  pg_logdir_ls: READS_SERVER_FILES,
  lo_import: READS_SERVER_FILES,
  lo_export: WRITES_SERVER_FILES,
  pg_file_write: WRITES_SERVER_FILES,
  pg_file_rename: WRITES_SERVER_FILES,
  pg_file_unlink: WRITES_SERVER_FILES,
  pg_file_sync: WRITES_SERVER_FILES,
  query_to_xml: RUNS_SQL_TEXT,
  query_to_xmlschema: RUNS_SQL_TEXT,
  query_to_xml_and_xmlschema: RUNS_SQL_TEXT,
  cursor_to_xml: RUNS_SQL_TEXT,
  ts_stat: RUNS_SQL_TEXT,
}

const MYSQL_EFFECTS: Readonly<Record<string, FunctionJudgement>> = {
  load_file: READS_SERVER_FILES,
  sys_exec: judged('destructive', 'unknown', 'runs a shell command on the database server', true),
  sys_eval: judged('destructive', 'unknown', 'runs a shell command on the database server', true),
  get_lock: ADVISORY_LOCK,
  release_lock: ADVISORY_LOCK,
  release_all_locks: ADVISORY_LOCK,
}

const SQLITE_EFFECTS: Readonly<Record<string, FunctionJudgement>> = {
  load_extension: judged('destructive', 'unknown', 'loads native code into the database', true),
  readfile: judged('destructive', 'unknown', 'reads a file', true),
  writefile: judged('destructive', 'unknown', 'writes a file', true),
  edit: judged('destructive', 'unknown', 'opens an editor', true),
  fts3_tokenizer: judged('destructive', 'unknown', 'can load native code', true),
}

// Functions found in every dialect that only compute values.
const COMMON_PURE = words(`
  count sum avg min max abs ceil ceiling floor round trunc truncate mod power pow sqrt exp ln
  log log2 log10 sign pi random rand sin cos tan asin acos atan atan2 degrees radians greatest
  least coalesce nullif ifnull lower upper lcase ucase length char_length character_length
  octet_length bit_length substring substr trim ltrim rtrim btrim replace concat concat_ws
  left right lpad rpad repeat reverse instr position locate strpos ascii char chr hex unhex
  md5 sha1 sha2 format printf now date time datetime timestamp year month day hour minute
  second extract cast convert row_number rank dense_rank percent_rank cume_dist ntile lag lead
  first_value last_value nth_value group_concat string_agg json_extract json_object json_array
  json_array_length json_valid json_type json_quote json_set json_insert json_replace
  json_remove version current_date current_time current_timestamp localtime localtimestamp
  current_user session_user user typeof quote iif if sleep uuid
`)

const POSTGRES_PURE = words(`
  array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or every bit_and
  bit_or bit_xor stddev stddev_pop stddev_samp variance var_pop var_samp percentile_cont
  percentile_disc mode corr covar_pop covar_samp regr_slope regr_intercept regr_count regr_r2
  any_value clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc
  date_part date_bin age to_char to_date to_timestamp to_number make_date make_time
  make_timestamp make_timestamptz make_interval justify_days justify_hours justify_interval
  isfinite timezone regexp_replace regexp_match regexp_matches regexp_split_to_array
  regexp_split_to_table regexp_like regexp_count regexp_substr regexp_instr split_part initcap
  sha224 sha256 sha384 sha512 encode decode quote_ident quote_literal quote_nullable to_hex
  translate starts_with string_to_array array_to_string overlay normalize unistr convert_from
  convert_to div cbrt width_bucket gcd lcm scale setseed json_build_object jsonb_build_object
  json_build_array jsonb_build_array to_json to_jsonb row_to_json array_to_json
  jsonb_array_length json_extract_path jsonb_extract_path json_extract_path_text
  jsonb_extract_path_text jsonb_set jsonb_insert jsonb_pretty json_each jsonb_each
  json_each_text jsonb_each_text json_object_keys jsonb_object_keys json_array_elements
  jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_typeof
  jsonb_typeof jsonb_strip_nulls json_strip_nulls jsonb_path_query jsonb_path_query_array
  jsonb_path_query_first jsonb_path_exists jsonb_path_match json_populate_record
  jsonb_populate_record json_to_record jsonb_to_record json_to_recordset jsonb_to_recordset
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank
  ts_rank_cd ts_headline setweight array_length array_position array_positions array_remove
  array_replace array_append array_prepend array_cat array_dims array_lower array_upper
  array_ndims cardinality unnest array_fill generate_series generate_subscripts
  current_setting set_config current_database current_catalog current_schema current_schemas
  current_role inet_server_addr inet_server_port inet_client_addr inet_client_port
  txid_current txid_current_if_assigned txid_current_snapshot txid_status gen_random_uuid
  uuidv4 uuidv7 uuid_generate_v4 uuid_generate_v1 has_table_privilege has_schema_privilege
  has_database_privilege has_column_privilege has_function_privilege has_sequence_privilege
  has_any_column_privilege obj_description col_description shobj_description format_type
  to_regclass to_regtype to_regproc to_regprocedure to_regnamespace to_regrole
  row_security_active num_nonnulls num_nulls int2 int4 int8 float4 float8 numeric text bool
  varchar timestamptz interval inet cidr host masklen network family crypt gen_salt digest
  hmac similarity word_similarity levenshtein soundex difference metaphone unaccent xpath
  xpath_exists xmlparse xmlserialize table_to_xml schema_to_xml database_to_xml
  table_to_xmlschema lower_inc upper_inc isempty range_merge tstzrange tsrange daterange
  int4range int8range numrange string_to_table bit_count get_byte set_byte get_bit set_bit
  length
`)

const MYSQL_PURE = words(`
  curdate curtime sysdate utc_date utc_time utc_timestamp date_format date_add date_sub
  adddate subdate addtime subtime datediff timediff timestampdiff timestampadd unix_timestamp
  from_unixtime str_to_date week weekday dayofweek dayofmonth dayofyear dayname monthname
  quarter yearweek last_day makedate maketime period_add period_diff to_days from_days
  to_seconds sec_to_time time_to_sec time_format convert_tz substring_index field find_in_set
  elt make_set export_set insert space strcmp soundex bin oct conv crc32 inet_aton inet_ntoa
  inet6_aton inet6_ntoa is_ipv4 is_ipv6 json_unquote json_contains json_contains_path
  json_keys json_search json_length json_depth json_pretty json_merge_patch
  json_merge_preserve json_arrayagg json_objectagg json_overlaps json_value json_table
  json_array_append json_array_insert member_of database schema system_user connection_id
  found_rows row_count last_insert_id uuid_short uuid_to_bin bin_to_uuid isnull benchmark
  charset collation coercibility format_bytes format_pico_time std stddev stddev_pop
  stddev_samp variance var_pop var_samp bit_and bit_or bit_xor any_value grouping regexp_like
  regexp_instr regexp_replace regexp_substr aes_encrypt aes_decrypt to_base64 from_base64
  compress uncompress weight_string master_pos_wait source_pos_wait name_const ord mid quote
  char st_distance st_astext st_geomfromtext
`)

const SQLITE_PURE = words(`
  total likely unlikely likelihood glob like zeroblob randomblob unicode julianday unixepoch
  strftime timediff json jsonb json_each json_tree json_group_array json_group_object
  json_patch json_pretty jsonb_extract jsonb_object jsonb_array jsonb_set jsonb_insert
  jsonb_replace jsonb_remove json_error_position sqlite_version sqlite_source_id
  sqlite_compileoption_used sqlite_compileoption_get sqlite_offset last_insert_rowid changes
  total_changes soundex median percentile string_agg octet_length unhex format
`)

const PURE: Readonly<Record<SqlDialect, ReadonlySet<string>>> = {
  postgres: new Set([...COMMON_PURE, ...POSTGRES_PURE]),
  mysql: new Set([...COMMON_PURE, ...MYSQL_PURE]),
  sqlite: new Set([...COMMON_PURE, ...SQLITE_PURE]),
}

const EFFECTS: Readonly<Record<SqlDialect, Readonly<Record<string, FunctionJudgement>>>> = {
  postgres: POSTGRES_EFFECTS,
  mysql: MYSQL_EFFECTS,
  sqlite: SQLITE_EFFECTS,
}

const UNKNOWN = judged('destructive', 'unknown', 'airlock does not know and may change data', true)

function judgePostgresPrefix(name: string): FunctionJudgement | undefined {
  if (name.startsWith('dblink')) return RUNS_REMOTE_SQL
  if (name.startsWith('pg_advisory') || name.startsWith('pg_try_advisory')) return ADVISORY_LOCK
  if (name.startsWith('pg_stat_reset')) return RESETS_STATISTICS
  return undefined
}

/**
 * Judges a function call by its name: `undefined` for a built-in that only computes a value,
 * a judgement for known side effects (`pg_terminate_backend`, `load_file`), and an opaque one
 * for anything unknown, since a user-defined function may change data.
 */
export function judgeSqlFunction(
  dialect: SqlDialect,
  name: string,
  schema?: string,
): FunctionJudgement | undefined {
  const bare = name.toLowerCase()
  const known =
    EFFECTS[dialect][bare] ?? (dialect === 'postgres' ? judgePostgresPrefix(bare) : undefined)
  if (known !== undefined) return known
  const namespace = schema?.toLowerCase()
  if (dialect === 'postgres') {
    if (namespace === 'pg_catalog' || namespace === 'information_schema') return undefined
    // Built-in catalog functions share the reserved `pg_` prefix; the ones with effects are listed.
    if (namespace === undefined && bare.startsWith('pg_')) return undefined
  }
  if (namespace === undefined && PURE[dialect].has(bare)) return undefined
  return UNKNOWN
}
