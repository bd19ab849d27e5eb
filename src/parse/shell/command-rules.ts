import type { CommandRuleTable } from './command-rule.js'
import { ANSIBLE_RULES } from './rules/ansible-rules.js'
import { AWS_RULES } from './rules/aws-rules.js'
import { AZ_RULES } from './rules/az-rules.js'
import { BUILD_TOOL_RULES } from './rules/build-tool-rules.js'
import { CDK_RULES } from './rules/cdk-rules.js'
import { CONTAINER_RULES } from './rules/container-rules.js'
import { DATABASE_CLIENT_RULES } from './rules/database-client-rules.js'
import { EKSCTL_RULES } from './rules/eksctl-rules.js'
import { FILE_RULES } from './rules/file-rules.js'
import { GCLOUD_RULES } from './rules/gcloud-rules.js'
import { GENERIC_CLI_RULES } from './rules/generic-cli-rules.js'
import { GIT_RULES } from './rules/git-rules.js'
import { HELM_RULES } from './rules/helm-rules.js'
import { INTERPRETER_RULES } from './rules/interpreter-rules.js'
import { KUBECTL_RULES } from './rules/kubectl-rules.js'
import { PULUMI_RULES } from './rules/pulumi-rules.js'
import { READ_ONLY_RULES } from './rules/read-only-rules.js'
import { SERVICE_RULES } from './rules/service-rules.js'
import { SHELL_RULES } from './rules/shell-rules.js'
import { TERRAFORM_RULES } from './rules/terraform-rules.js'
import { WRAPPER_RULES } from './rules/wrapper-rules.js'

/**
 * Every program airlock knows, by name. A program missing here is opaque. Later tables win,
 * so a specific rule (`tee`, `mount`) overrides a generic read-only entry.
 */
export const COMMAND_RULES: CommandRuleTable = {
  ...READ_ONLY_RULES,
  ...GENERIC_CLI_RULES,
  ...WRAPPER_RULES,
  ...SHELL_RULES,
  ...FILE_RULES,
  ...GIT_RULES,
  ...BUILD_TOOL_RULES,
  ...CONTAINER_RULES,
  ...SERVICE_RULES,
  ...DATABASE_CLIENT_RULES,
  ...INTERPRETER_RULES,
  ...AWS_RULES,
  ...GCLOUD_RULES,
  ...AZ_RULES,
  ...EKSCTL_RULES,
  ...KUBECTL_RULES,
  ...HELM_RULES,
  ...TERRAFORM_RULES,
  ...PULUMI_RULES,
  ...CDK_RULES,
  ...ANSIBLE_RULES,
}
