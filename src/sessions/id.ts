// opencode's id format: a prefix, 12 hex digits of time, 14 base62 characters. Ids are checked against it before
// they are stored or placed on a command line (`opencode --session <id>`), so nothing else can ride along.
const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9a-f]{12}[0-9A-Za-z]{14}$`)

export const SESSION_ID = ID("ses")
export const MESSAGE_ID = ID("msg")

export const isSessionID = (value: unknown): value is string => typeof value === "string" && SESSION_ID.test(value)
export const isMessageID = (value: unknown): value is string => typeof value === "string" && MESSAGE_ID.test(value)

/** Tool call ids come from providers in many shapes; accept a bounded, printable token only. */
export const isCallID = (value: unknown): value is string => typeof value === "string" && /^[\w.:-]{1,128}$/.test(value)
