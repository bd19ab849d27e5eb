/** What separates a server's name from its tool's on `/mcp`: `github__create_issue`. */
export const TOOL_NAMESPACE_SEPARATOR = '__'

/** The name an aggregated tool is offered under: `SERVER__tool`. */
export function namespaceTool(server: string, tool: string): string {
  return `${server}${TOOL_NAMESPACE_SEPARATOR}${tool}`
}

/**
 * The server and tool an aggregated name stands for, split at the first `__` (server names
 * never contain one; tool names may): `a__b__c` → `a` / `b__c`. Undefined when the name names
 * no configured server.
 */
export function splitNamespacedTool(
  name: string,
  servers: readonly string[],
): { readonly server: string; readonly tool: string } | undefined {
  const at = name.indexOf(TOOL_NAMESPACE_SEPARATOR)
  if (at <= 0) return undefined
  const server = name.slice(0, at)
  const tool = name.slice(at + TOOL_NAMESPACE_SEPARATOR.length)
  if (tool === '' || !servers.includes(server)) return undefined
  return { server, tool }
}
