/**
 * The commented `airlock.yaml` that `airlock init` writes, and the README of its `policies/`
 * directory. The configuration loads as it is; every value in it is a starting point to edit.
 */
export const STARTING_CONFIG = {
  configYaml: `# airlock.yaml: which agents may act, who approves, and how to recognise production.
# Written by \`airlock init\`. Every error in this file is reported with its line and field,
# and unknown keys are errors, so a typo never passes silently. Relative paths are taken
# from this file's directory.
#
# Tokens are hashed at rest: give each human and agent a random token, keep the token in
# your secret store and put only its SHA-256 here:
#   printf %s "$TOKEN" | sha256sum
# Until a tokenHash is set, no token is accepted for that principal.

# People. Roles: approver (approves or denies requests), admin (administers the gateway:
# freezes, configuration), breakglass (emergency access).
humans:
  - id: alice
    roles: [approver, admin]
    # tokenHash: <64 hex digits>
  - id: bob
    roles: [approver]
    # tokenHash: <64 hex digits>

# AI agents. Each is its own principal with its own token and scope; it never inherits the
# permissions of its operator, and its operator alone never counts as a second pair of eyes.
agents:
  - id: claude
    operator: alice # one of the humans above
    # tokenHash: <64 hex digits>
    scope:
      environments: ['*'] # environment names below, or '*' for any
      systems: ['*'] # fs, git, process, service, package, container, k8s, cloud, iac,
      #                database, network, device, shell, or '*'
      # The highest risk the agent may even ask for: safe, mutating, destructive or
      # catastrophic. It lifts no guardrail: catastrophic still needs two humans.
      maxRisk: catastrophic

# Environments, and how to recognise that an action lands in one. Any single match is
# enough; when an action matches two, the production one wins. Names may use \`*\` as a
# wildcard (\`*.prod.internal\`); paths and terraformDirs are directory prefixes.
# Available matchers: awsAccounts (quoted: '123456789012'), awsRegions, awsProfiles,
# kubeContexts, kubeNamespaces, terraformWorkspaces, terraformDirs, databaseHosts,
# mcpServers, urlHosts, paths.
environments:
  - name: prod
    production: true
    match:
      awsProfiles: [prod]
      kubeContexts: [prod]
      kubeNamespaces: [prod, production]
      terraformWorkspaces: [prod]
      databaseHosts: ['*.prod.internal']
      urlHosts: ['*.prod.example.com']
  - name: staging
    production: false
    match:
      awsProfiles: [staging]
      kubeContexts: [staging]
      terraformWorkspaces: [staging]
  - name: dev
    production: false
    match:
      awsProfiles: [dev]
      kubeContexts: [dev]
      terraformWorkspaces: [dev]

# Cedar policies: every *.cedar file in this directory, in name order; files ending in
# .shadow.cedar are evaluated and logged but not enforced. Airlock's built-in invariants
# are added to every policy set and cannot be removed or weakened here.
policies: ./policies

# Inventory for impact simulation (kinds: terraform-state, cloudformation, kubernetes, yaml).
inventory: []
#  - kind: terraform-state
#    path: ./state/prod.tfstate
#    environment: prod

# Where approval requests and freezes are announced (kinds: webhook, slack). The signing
# secret stays in an environment variable; name it with secretEnv.
notifications: []
#  - kind: slack
#    url: https://hooks.slack.com/services/...
#    secretEnv: AIRLOCK_SLACK_SECRET

# Where requests, approvals and the audit chain are kept: sqlite:PATH (the default) or
# postgres://HOST/DATABASE (password in PGPASSWORD, never in the URL).
storage:
  url: sqlite:./.airlock/airlock.db

# Four-eyes requests expire after this long (durations: 30m, 1h, 7d).
approvals:
  expiresAfter: 1h

# Velocity budgets per agent: going over one denies, freezes the agent and notifies.
velocity:
  destructive: { limit: 3, window: 1h }
  catastrophic: { limit: 1, window: 24h }

# Your word on your own MCP tools: server/tool (or tool) -> safe, mutating, destructive,
# catastrophic.
mcpToolRisks: {}
#  internal-ops/rotate_keys: mutating
`,
  policiesReadme: `# Cedar policies

airlock loads every \`*.cedar\` file in this directory, in name order. Files ending in
\`.shadow.cedar\` run in shadow mode: evaluated and logged, never enforced.

To start, copy the example policies shipped with airlock (\`examples/policies/*.cedar\` in the
airlock package) into this directory, or write your own. Whatever you write, airlock's built-in
invariants still apply: a freeze denies anything that is not safe, catastrophic actions need two
distinct humans, and no policy here can remove or weaken them.
`,
} as const
