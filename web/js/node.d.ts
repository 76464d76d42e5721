// Types of the Node.js entry: the same API, already initialised.
export * from "./index.js";
