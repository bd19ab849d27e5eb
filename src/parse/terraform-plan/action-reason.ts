import { formatJsonPath, type JsonPath } from './terraform-json-path.js'
import { quote, quoteList } from './terraform-wording.js'

const MEANINGS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is marked tainted',
  replace_by_request: '`-replace` asked for it',
  replace_by_triggers: 'a `replace_triggered_by` reference changed',
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_no_module: 'its module was removed from the configuration',
  delete_because_wrong_repetition: 'its `count` or `for_each` changed shape',
  delete_because_count_index: 'its `count` index is gone',
  delete_because_each_key: 'its `for_each` key is gone',
  delete_because_no_move_target: 'the target of its `moved` block does not exist',
  read_because_config_unknown: 'its arguments are known only at apply',
  read_because_dependency_pending: 'a change it depends on is pending',
  read_because_check_nested: 'a check block reads it',
}

/**
 * Explains an `action_reason` for a reason text: the code as Terraform wrote it and what it
 * means, with the attributes that force a replacement (`replace_paths`). Unknown codes are
 * shown as they are; they never change the risk.
 */
export function describeActionReason(
  reason: string | undefined,
  replacePaths: readonly JsonPath[],
): string | undefined {
  const paths = replacePaths.map((path) => formatJsonPath(path))
  if (reason === 'replace_because_cannot_update') {
    return paths.length === 0
      ? 'replace_because_cannot_update: an argument cannot change in place'
      : `replace_because_cannot_update: ${quoteList(paths)} cannot change in place`
  }
  if (reason === undefined) {
    return paths.length === 0 ? undefined : `${quoteList(paths)} cannot change in place`
  }
  const meaning = MEANINGS[reason]
  return meaning === undefined ? `action reason ${quote(reason)}` : `${reason}: ${meaning}`
}
