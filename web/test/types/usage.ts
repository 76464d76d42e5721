// Compiled by types.test.mjs with `tsc --noEmit --strict`: every export used with its
// documented types, and a few misuses that must not compile (@ts-expect-error).
import {
  init, initSync, initTools, initToolsSync, isReady, isToolsReady,
  decodeWorkflow, decodeNodes, decodeNodesJson, detectAlgorithm,
  openNodes, openNodesJson, openWorkflow, NodeView,
  encodeNodes, offloadVersion, measureWorkflow, maxWorkflowSize, decideOffload, matchesSelector,
  ErrorCode, WfpackError,
  type Algorithm, type Workflow, type Nodes, type NodeStatus, type DecodedWorkflow, type OffloadDecision, type WorkflowSize,
} from '../../../dist/index.js';

export async function usage(bytes: Uint8Array, wf: Workflow): Promise<void> {
  decodeWorkflow({ status: { compressedNodes: 'H4sI' } });
  decodeWorkflow('{"status":{}}');
  await init();
  await init(new URL('https://example.invalid/wfpack_core_bg.wasm'));
  initSync(bytes);
  await initTools(bytes);
  initToolsSync(bytes);
  const ready: boolean = isReady() && isToolsReady();

  const d: DecodedWorkflow = decodeWorkflow(wf, { maxOutputBytes: 1 << 20, table: 'argo_workflows', clusterName: 'default' });
  if (d.source === 'offloaded') {
    const sql: string = d.offloaded.sql;
    const values: [string, string, string] = d.offloaded.query.values;
    const none: null = d.nodes;
    void sql; void values; void none;
  } else {
    const n: Nodes = d.nodes;
    const first: NodeStatus | undefined = Object.values(n)[0];
    const phase: string | undefined = first?.phase;
    void phase;
  }
  const nodes: Nodes = decodeNodes('H4sI', { maxOutputBytes: 10 });
  const { json, algorithm }: { json: string; algorithm: Algorithm } = decodeNodesJson(bytes);
  const alg: Algorithm = detectAlgorithm(json);

  const view: NodeView = openNodes('H4sI');
  const count: number = view.count;
  const ids: string[] = view.filter({ phase: ['Failed', 'Error'], type: 'Pod', name: 'loop' });
  const kids: string[] | undefined = view.children(ids[0] ?? '');
  const node: NodeStatus | undefined = view.get('x');
  const counts: Record<string, number> = view.phaseCounts();
  const valg: Algorithm | null = view.algorithm;
  view.free();
  openNodesJson(nodes).free();
  const o = openWorkflow(wf);
  if (o.view) o.view.free(); else void o.offloaded.uid;

  const b64: string = encodeNodes(nodes, { algorithm: 'zstd', level: 3 });
  const version: string = offloadVersion(nodes);
  const size: WorkflowSize = measureWorkflow(wf);
  const biggest: string | undefined = size.largestNodes[0]?.id;
  const max: number = maxWorkflowSize('2048');
  const dec: OffloadDecision = decideOffload(wf, { maxWorkflowSize: '10240', algorithm: 'gzip' });
  if (dec.outcome === 'too_large') void dec.message;
  const m: boolean = matchesSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }, { a: 'b' });

  try {
    decodeNodes('!');
  } catch (e) {
    if (e instanceof WfpackError && e.code === ErrorCode.BASE64) {
      const at: number | undefined = e.offset;
      const argo: string | undefined = e.argoText;
      void at; void argo;
    }
  }
  // @ts-expect-error: unknown algorithm
  encodeNodes(nodes, { algorithm: 'lz4' });
  // @ts-expect-error: the view has no set()
  view.set('x', {});
  // @ts-expect-error: codes are numbers
  const bad: string = ErrorCode.BASE64;
  void [ready, algorithm, alg, count, kids, node, counts, valg, b64, version, biggest, max, m, bad];
}
