// Synthetic Argo workflows of any size for the browser test and the benchmark: a steps
// workflow whose first step loops over `count` plugin nodes (like the shared vectors'
// steps-plugin-N), a few of them failed, with realistic field sets.
export function syntheticNodes(count, { name = 'big-wf', failedEvery = 997 } = {}) {
  const nodes = {};
  const t0 = Date.parse('2026-11-01T10:00:00Z');
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const group = `${name}-1000000001`;
  const children = [];
  for (let i = 0; i < count; i++) {
    const id = `${name}-${(2166136261 + i * 16777619 >>> 0).toString().padStart(10, '0')}`;
    const failed = failedEvery > 0 && i % failedEvery === 7;
    children.push(id);
    nodes[id] = {
      id,
      name: `${name}[0].loop(${i}:${i})`,
      displayName: `loop(${i}:${i})`,
      type: 'Plugin',
      templateName: 'hello',
      templateScope: `local/${name}`,
      phase: failed ? 'Failed' : 'Succeeded',
      boundaryID: name,
      ...(failed ? { message: `plugin returned exit status 1 for item ${i}: <timeout> & retry` } : {}),
      startedAt: iso(t0 + i * 1000),
      finishedAt: iso(t0 + i * 1000 + 2000 + (i % 13) * 1000),
      progress: '1/1',
      inputs: { parameters: [{ name: 'item', value: String(i) }] },
      outputs: { parameters: [{ name: 'result', value: `ok-${i}` }] },
      taskResultSynced: true,
    };
  }
  nodes[group] = {
    id: group, name: `${name}[0]`, displayName: '[0]', type: 'StepGroup', templateScope: `local/${name}`,
    phase: 'Failed', boundaryID: name, startedAt: iso(t0), finishedAt: iso(t0 + count * 1000 + 20000),
    progress: `${count}/${count}`, children,
  };
  nodes[name] = {
    id: name, name, displayName: name, type: 'Steps', templateName: 'main', templateScope: `local/${name}`,
    phase: 'Failed', startedAt: iso(t0), finishedAt: iso(t0 + count * 1000 + 20000), progress: `${count}/${count}`,
    children: [group], outboundNodes: children.slice(-1),
  };
  return nodes;
}

export function syntheticWorkflow(nodes, { name = 'big-wf', compressedNodes } = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', uid: '5b7e1c2a-0000-4000-8000-000000000001', labels: { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Failed' }, creationTimestamp: '2026-11-01T10:00:00Z' },
    spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'loop', template: 'hello', withSequence: { count: '1' } }]] }, { name: 'hello', plugin: { hello: {} } }], arguments: {} },
    status: {
      phase: 'Failed', startedAt: '2026-11-01T10:00:00Z', finishedAt: '2026-11-02T00:00:00Z', progress: '1/1',
      ...(compressedNodes ? { compressedNodes } : { nodes }),
    },
  };
}
