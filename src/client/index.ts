export { BatonClient, ApiError, type ClientOptions, type SubmittedItem, type SubmitAction, type WatchEvent, type OutputMessage, type WorkflowVerb } from "./client.js";
export { readSse, type SseMessage } from "./sse.js";
