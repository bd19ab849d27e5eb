/** One HTTP POST of a notification, as the target answered it. */
export interface PostResult {
  readonly status: number
}

/** Posts a rendered notification; the notifier decides what a failure means. */
export type PostNotification = (request: {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly timeoutMs: number
}) => Promise<PostResult>

/**
 * Posts with the platform's fetch and a time limit; rejects when the target cannot be reached
 * or does not answer in time. The response body is read and dropped, so the connection is freed.
 */
export const postNotification: PostNotification = async ({ url, headers, body, timeoutMs }) => {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  })
  await response.arrayBuffer().catch(() => undefined)
  return { status: response.status }
}
