/** Why part of an input could not be read as written. */
export type ParseIssueCode =
  | 'parse_syntax_error'
  | 'parse_unresolved_expansion'
  | 'parse_unknown_program'
  | 'parse_dynamic_code'
  | 'parse_unsupported'
  | 'parse_limit_exceeded'
  | 'parse_invalid_document'
  | 'parse_internal_error'

/** A problem a parser met; parsers report issues instead of throwing. */
export interface ParseIssue {
  readonly code: ParseIssueCode
  readonly message: string
  /** Where in the input: a character offset range for text, a JSON path for documents. */
  readonly span?: { readonly start: number; readonly end: number }
  readonly path?: readonly (string | number)[]
}
