// Types of the npm package `wfpack`. See docs/npm.md for the full guide.

/** A compression algorithm Argo (v4.1+) can write into status.compressedNodes. */
export type Algorithm = 'gzip' | 'zstd' | 'brotli';

/** Where a workflow's nodes came from. */
export type Source = 'inline' | Algorithm | 'offloaded';

/** Stable numeric error codes (never renumbered). */
export declare const ErrorCode: Readonly<{
  /** init()/initSync() (or, for toolkit functions, initTools()) has not been called yet. */
  NOT_INITIALIZED: 100;
  /** An argument has the wrong type or an option is out of range. */
  INVALID_ARGUMENT: 101;
  /** A NodeView was used after free(). */
  VIEW_FREED: 102;
  /** compressedNodes is not standard padded base64 (Argo: "illegal base64 data at input byte N"). */
  BASE64: 200;
  /** The compressed stream ends early (Argo: "unexpected EOF"). */
  TRUNCATED: 300;
  /** The compressed stream is malformed (bad header, bad block, brotli format error). */
  CORRUPT: 301;
  /** A gzip CRC32/ISIZE or zstd content checksum does not match. */
  CHECKSUM: 302;
  /** Bytes follow the end of the compressed stream. */
  TRAILING_DATA: 303;
  /** The decoded size would pass the decode limit (a decompression bomb). */
  LIMIT_EXCEEDED: 310;
  /** JSON text that should be a workflow or a nodes map is not valid JSON. */
  INVALID_JSON: 400;
  /** The JSON is valid but is not a Workflow (or a nodes map) of the expected shape. */
  INVALID_WORKFLOW: 401;
  /** A Kubernetes label selector is malformed. */
  INVALID_SELECTOR: 500;
  /** A compression level outside the algorithm's range. */
  INVALID_LEVEL: 501;
  /** A bug in wfpack: please report it with the input. */
  INTERNAL: 900;
}>;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

/** The only error type wfpack throws. */
export declare class WfpackError extends Error {
  readonly name: 'WfpackError';
  /** Stable numeric code, one of ErrorCode. */
  readonly code: ErrorCodeValue;
  /** Symbolic name of `code`, e.g. "BASE64". */
  readonly codeName: ErrorCodeName;
  /** Argo's own error text for the same condition, byte for byte, where Argo has one. */
  readonly argoText?: string;
  /** Byte offset in the input the error refers to, where known. */
  readonly offset?: number;
}

/** What init() accepts: a URL, a (promise of a) Response, bytes, or a compiled module. */
export type InitInput =
  | string
  | URL
  | Response
  | Promise<Response>
  | BufferSource
  | WebAssembly.Module;

/**
 * Loads the decoding core (decode, detect, lazy views): browsers fetch
 * `wfpack_core_bg.wasm` next to the package by default. Idempotent. The Node entry has
 * already loaded both modules.
 */
export declare function init(input?: InitInput): Promise<void>;
/** Loads the decoding core synchronously from bytes or a compiled module. Idempotent. */
export declare function initSync(input: BufferSource | WebAssembly.Module): void;
/** True once the decoding core is loaded. */
export declare function isReady(): boolean;
/**
 * Loads the toolkit needed by encodeNodes, offloadVersion, measureWorkflow,
 * maxWorkflowSize, decideOffload and matchesSelector (`wfpack_tools_bg.wasm` by default).
 * Idempotent.
 */
export declare function initTools(input?: InitInput): Promise<void>;
/** Loads the toolkit synchronously from bytes or a compiled module. Idempotent. */
export declare function initToolsSync(input: BufferSource | WebAssembly.Module): void;
/** True once the toolkit is loaded. */
export declare function isToolsReady(): boolean;

/** Argo's NodeStatus (v4.1.2). Unknown fields are kept as they are. */
export interface NodeStatus {
  id: string;
  name: string;
  displayName?: string;
  type: string;
  templateName?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  templateScope?: string;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Skipped' | 'Failed' | 'Error' | 'Omitted' | string;
  boundaryID?: string;
  message?: string;
  startedAt: string | null;
  finishedAt: string | null;
  estimatedDuration?: number;
  progress?: string;
  resourcesDuration?: Record<string, number>;
  podIP?: string;
  daemoned?: boolean;
  nodeFlag?: { hooked?: boolean; retried?: boolean };
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  memoizationStatus?: Record<string, unknown>;
  synchronizationStatus?: Record<string, unknown>;
  taskResultSynced?: boolean;
  failedPodRestarts?: number;
  restartingPodUID?: string;
  [field: string]: unknown;
}

/** The nodes map, by node id. */
export type Nodes = Record<string, NodeStatus>;

/** A Workflow object (only the fields wfpack reads are typed). */
export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
  status?: {
    phase?: string;
    nodes?: Nodes | null;
    compressedNodes?: string;
    offloadNodeStatusVersion?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A workflow given as an object, its JSON text, or its JSON bytes. */
export type WorkflowInput = Workflow | string | Uint8Array;

/** Decode options. */
export interface DecodeOptions {
  /**
   * Refuse to decode more than this many bytes (decompression bombs). Default: the
   * codec's limit, proportional to the input with an absolute cap (see docs/npm.md).
   */
  maxOutputBytes?: number;
}

/** Where offloaded nodes are and how to read them. */
export interface OffloadRef {
  uid: string;
  version: string;
  namespace: string;
  name: string;
  clusterName: string;
  table: string;
  /** A ready-to-run SELECT (values quoted). */
  sql: string;
  /** The same query, parameterised ($1..$3). */
  query: { text: string; values: [string, string, string] };
}

/** Options for decodeWorkflow()/openWorkflow(). */
export interface WorkflowOptions extends DecodeOptions {
  /** Offload table name (persistence.*.tableName). Default "argo_workflows". */
  table?: string;
  /** persistence.clusterName. Default "default". */
  clusterName?: string;
}

export type DecodedWorkflow =
  | { source: 'inline' | Algorithm; nodes: Nodes; offloaded?: undefined }
  | { source: 'offloaded'; nodes: null; offloaded: OffloadRef };

/** A Workflow's nodes and where they came from (never an empty map for an offloaded workflow). */
export declare function decodeWorkflow(workflow: WorkflowInput, options?: WorkflowOptions): DecodedWorkflow;
/** compressedNodes (base64 of gzip, zstd or brotli) to the nodes map. */
export declare function decodeNodes(compressedNodes: string | Uint8Array, options?: DecodeOptions): Nodes;
/** compressedNodes to the nodes JSON text, with the algorithm found. */
export declare function decodeNodesJson(compressedNodes: string | Uint8Array, options?: DecodeOptions): { json: string; algorithm: Algorithm };
/** The algorithm Argo's reader picks: zstd magic, gzip magic, else brotli. */
export declare function detectAlgorithm(compressedNodes: string | Uint8Array): Algorithm;

/** Options for encodeNodes(). */
export interface EncodeOptions {
  /** Default "gzip". */
  algorithm?: Algorithm;
  /** gzip 1..9, zstd 1..4, brotli 0..11 (Argo's ranges); default: Argo's default for the algorithm. */
  level?: number;
}
/** Nodes (object or JSON) to compressedNodes: Go-exact JSON, compressed, base64. */
export declare function encodeNodes(nodes: Nodes | string | Uint8Array, options?: EncodeOptions): string;
/** "fnv:" + FNV-1 32 of Go's nodes JSON: the version Argo's offload records. */
export declare function offloadVersion(nodes: Nodes | string | Uint8Array): string;

/** One part of the size breakdown. */
export interface SizePart {
  /** Member path, e.g. "spec", "status.nodes", or "(JSON punctuation)". */
  path: string;
  /** Bytes it contributes to the Go-exact size. */
  bytes: number;
}
/** Go-exact size of a Workflow (len(json.Marshal(typed Workflow))) and where it goes. */
export interface WorkflowSize {
  /** The size the controller compares with MAX_WORKFLOW_SIZE. */
  size: number;
  /** Length of json.Marshal(status.nodes) (what Argo compresses and hashes). */
  nodesJson: number;
  nodeCount: number;
  /** Top-level members, `status` split into its members, and punctuation: adds up to `size`. */
  breakdown: SizePart[];
  /** Top-level members only (kind, apiVersion, metadata, spec, status). */
  sections: SizePart[];
  /** The 20 largest nodes, largest first. */
  largestNodes: { id: string; name: string; bytes: number }[];
  /** NodeStatus members by total bytes over all nodes, largest first. */
  nodeFields: { field: string; bytes: number; nodes: number }[];
}
export declare function measureWorkflow(workflow: WorkflowInput): WorkflowSize;
/** MAX_WORKFLOW_SIZE as Argo parses it (empty/junk/0 → 1048576). */
export declare function maxWorkflowSize(env?: string | null): number;

/** Options for decideOffload(). */
export interface DecideOptions {
  /** A number, or the MAX_WORKFLOW_SIZE string as set in the controller's environment. Default 1048576. */
  maxWorkflowSize?: number | string;
  algorithm?: Algorithm;
  level?: number;
}
/** What the controller does with a Workflow when it persists it. */
export interface OffloadDecision {
  /** skip: the workflow is already compressed or offloaded, so the controller leaves it alone. */
  outcome: 'keep' | 'compress' | 'too_large' | 'skip';
  /** Why the controller skips it (skip). */
  skipReason?: 'already_compressed' | 'already_offloaded' | 'other';
  /** Go-exact size of the workflow as it is. */
  workflowSize: number;
  maxWorkflowSize: number;
  /** Size with status.compressedNodes instead of status.nodes (compress, too_large). */
  compressedWorkflowSize?: number;
  /** Length of the compressedNodes string (compress). */
  compressedNodesLength?: number;
  /** Length of json.Marshal(status.nodes) (compress, too_large). */
  nodesJsonLength?: number;
  algorithm: Algorithm;
  /** Argo's error text (too_large). */
  message?: string;
  /** status.message when offloading is disabled (too_large). */
  statusMessageOffloadDisabled?: string;
  /** The version an offload records (too_large). */
  offloadVersion?: string;
  [k: string]: unknown;
}
export declare function decideOffload(workflow: WorkflowInput, options?: DecideOptions): OffloadDecision;

/** A Kubernetes LabelSelector object. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
/** Whether labels match a selector (string syntax "a=b,c in (d)" or a LabelSelector object). */
export declare function matchesSelector(selector: string | LabelSelector, labels: Record<string, string>): boolean;

/** Criteria for NodeView.filter(); every given criterion must match. */
export interface NodeFilter {
  phase?: string | string[];
  type?: string | string[];
  /** Substring of the node's name or displayName. */
  name?: string;
}

/** Decoded nodes kept in wasm memory; JS receives only what it asks for. */
export declare class NodeView implements Disposable {
  private constructor();
  /** The algorithm the nodes were compressed with, or null for plain JSON. */
  readonly algorithm: Algorithm | null;
  readonly count: number;
  readonly byteLength: number;
  ids(): string[];
  has(id: string): boolean;
  get(id: string): NodeStatus | undefined;
  children(id: string): string[] | undefined;
  roots(): string[];
  filter(criteria?: NodeFilter): string[];
  phaseCounts(): Record<string, number>;
  toJSONString(): string;
  free(): void;
  [Symbol.dispose](): void;
}
/** compressedNodes decoded straight into a lazy NodeView. */
export declare function openNodes(compressedNodes: string | Uint8Array, options?: DecodeOptions): NodeView;
/** A nodes JSON text (or object) indexed into a lazy NodeView. */
export declare function openNodesJson(nodesJson: string | Uint8Array | Nodes): NodeView;

export type OpenedWorkflow =
  | { source: 'inline' | Algorithm; view: NodeView; offloaded?: undefined }
  | { source: 'offloaded'; view: null; offloaded: OffloadRef };
/** A Workflow's nodes as a lazy view, wherever they are. */
export declare function openWorkflow(workflow: WorkflowInput, options?: WorkflowOptions): OpenedWorkflow;
