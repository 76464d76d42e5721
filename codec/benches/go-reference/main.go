// Command go-reference times Argo Workflows' node-status path with Go's standard library,
// as the baseline for wfpack-codec's benchmark (codec/benches/codec.rs).
//
// For every input file given (a Workflow JSON in Argo's struct field order) it reports,
// as one JSON object per line:
//
//   - marshal: json.Marshal of the typed Workflow (how Argo measures a workflow's size);
//   - unmarshal-marshal: json.Unmarshal of the input text into a typed Workflow, then
//     json.Marshal (what a Go tool does to measure a workflow it reads as text, the
//     like-for-like baseline for wfpack's go_json::encoded_len of raw bytes);
//   - unmarshal-marshal-kubectl: the same from the text kubectl prints (members sorted,
//     indented by four spaces), written next to the input as <input>.kubectl.json;
//   - marshal-nodes: json.Marshal of the typed status.nodes map alone (the like-for-like
//     baseline for measuring already-parsed nodes, wfpack's Nodes::go_json_len);
//   - encode:  json.Marshal(status.nodes) + compress/gzip level 6 + base64 StdEncoding
//     (Argo's compressedNodes writer with GZIP_IMPLEMENTATION=GZip at level 6);
//   - decode:  base64 + gunzip + json.Unmarshal into the typed nodes map (Argo's reader).
//
// Each is timed as the median of repeated runs (at least -min-runs, and at least -min-time).
// The base64 text produced by encode is written next to the input as <input>.go.b64 so the
// Rust side decodes exactly the same bytes. When <input>.ours.b64 exists (wfpack's
// compressedNodes of the same nodes), Go's readers (base64 StdEncoding, compress/gzip)
// must decode it to exactly json.Marshal(status.nodes), reported as op "reads-ours";
// anything else fails the run. Standard library only.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

// Time mirrors k8s.io/apimachinery metav1.Time's JSON form: RFC 3339 seconds, null when zero.
type Time struct{ time.Time }

func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	buf := make([]byte, 0, len(time.RFC3339)+2)
	buf = append(buf, '"')
	buf = t.UTC().AppendFormat(buf, time.RFC3339)
	buf = append(buf, '"')
	return buf, nil
}

func (t *Time) UnmarshalJSON(b []byte) error {
	if len(b) == 4 && string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	p, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return err
	}
	t.Time = p.Local()
	return nil
}

// The types below follow Argo v4.1.2's wfv1 field order and tags for the fields the
// benchmark's workflows use.

type ValueFrom struct {
	Path string `json:"path,omitempty"`
}

type Parameter struct {
	Name      string     `json:"name"`
	Default   *string    `json:"default,omitempty"`
	Value     *string    `json:"value,omitempty"`
	ValueFrom *ValueFrom `json:"valueFrom,omitempty"`
}

type Inputs struct {
	Parameters []Parameter `json:"parameters,omitempty"`
}

type Outputs struct {
	Parameters []Parameter `json:"parameters,omitempty"`
	ExitCode   *string     `json:"exitCode,omitempty"`
}

type NodeFlag struct {
	Hooked  bool `json:"hooked,omitempty"`
	Retried bool `json:"retried,omitempty"`
}

type NodeStatus struct {
	ID                string           `json:"id"`
	Name              string           `json:"name"`
	DisplayName       string           `json:"displayName,omitempty"`
	Type              string           `json:"type"`
	TemplateName      string           `json:"templateName,omitempty"`
	TemplateScope     string           `json:"templateScope,omitempty"`
	Phase             string           `json:"phase,omitempty"`
	BoundaryID        string           `json:"boundaryID,omitempty"`
	Message           string           `json:"message,omitempty"`
	StartedAt         Time             `json:"startedAt,omitempty"`
	FinishedAt        Time             `json:"finishedAt,omitempty"`
	EstimatedDuration int              `json:"estimatedDuration,omitempty"`
	Progress          string           `json:"progress,omitempty"`
	ResourcesDuration map[string]int64 `json:"resourcesDuration,omitempty"`
	PodIP             string           `json:"podIP,omitempty"`
	Daemoned          *bool            `json:"daemoned,omitempty"`
	NodeFlag          *NodeFlag        `json:"nodeFlag,omitempty"`
	Inputs            *Inputs          `json:"inputs,omitempty"`
	Outputs           *Outputs         `json:"outputs,omitempty"`
	Children          []string         `json:"children,omitempty"`
	OutboundNodes     []string         `json:"outboundNodes,omitempty"`
	HostNodeName      string           `json:"hostNodeName,omitempty"`
	TaskResultSynced  *bool            `json:"taskResultSynced,omitempty"`
}

type ObjectMeta struct {
	Name              string            `json:"name,omitempty"`
	GenerateName      string            `json:"generateName,omitempty"`
	Namespace         string            `json:"namespace,omitempty"`
	UID               string            `json:"uid,omitempty"`
	ResourceVersion   string            `json:"resourceVersion,omitempty"`
	Generation        int64             `json:"generation,omitempty"`
	CreationTimestamp Time              `json:"creationTimestamp,omitempty"`
	Labels            map[string]string `json:"labels,omitempty"`
	Annotations       map[string]string `json:"annotations,omitempty"`
}

type WorkflowStatus struct {
	Phase             string                `json:"phase,omitempty"`
	StartedAt         Time                  `json:"startedAt,omitempty"`
	FinishedAt        Time                  `json:"finishedAt,omitempty"`
	EstimatedDuration int                   `json:"estimatedDuration,omitempty"`
	Progress          string                `json:"progress,omitempty"`
	Nodes             map[string]NodeStatus `json:"nodes,omitempty"`
}

type Workflow struct {
	Kind       string          `json:"kind,omitempty"`
	APIVersion string          `json:"apiVersion,omitempty"`
	Metadata   ObjectMeta      `json:"metadata"`
	Spec       json.RawMessage `json:"spec"`
	Status     WorkflowStatus  `json:"status,omitempty"`
}

type result struct {
	File     string  `json:"file"`
	Op       string  `json:"op"`
	Runs     int     `json:"runs"`
	MedianNs int64   `json:"median_ns"`
	InBytes  int     `json:"in_bytes"`
	OutBytes int     `json:"out_bytes"`
	MBPerSec float64 `json:"mb_per_s"`
}

var (
	minRuns = flag.Int("min-runs", 5, "minimum timed runs per operation")
	minTime = flag.Duration("min-time", time.Second, "minimum total time per operation")
)

// median runs f repeatedly (after one warm-up) and returns the median duration.
func median(f func()) (time.Duration, int) {
	f()
	var times []time.Duration
	start := time.Now()
	for len(times) < *minRuns || (time.Since(start) < *minTime && len(times) < 1000) {
		t := time.Now()
		f()
		times = append(times, time.Since(t))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return times[len(times)/2], len(times)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-reference:", err)
		os.Exit(1)
	}
}

func encode(nodes map[string]NodeStatus) string {
	j, err := json.Marshal(nodes)
	must(err)
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, 6)
	must(err)
	_, err = w.Write(j)
	must(err)
	must(w.Close())
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func decode(s string) map[string]NodeStatus {
	raw, err := base64.StdEncoding.DecodeString(s)
	must(err)
	r, err := gzip.NewReader(bytes.NewReader(raw))
	must(err)
	j, err := io.ReadAll(r)
	must(err)
	var nodes map[string]NodeStatus
	must(json.Unmarshal(j, &nodes))
	return nodes
}

// readsOurs decodes wfpack's compressedNodes with Go's readers, as Argo's controller and
// server would, and checks that it holds exactly the nodes JSON; it returns its length.
func readsOurs(file string, b64 []byte, nodesJSON []byte) int {
	raw, err := base64.StdEncoding.DecodeString(string(b64))
	must(err)
	r, err := gzip.NewReader(bytes.NewReader(raw))
	must(err)
	j, err := io.ReadAll(r)
	if err != nil {
		must(fmt.Errorf("%s.ours.b64: Go's gzip reader refused wfpack's output: %v", file, err))
	}
	if !bytes.Equal(j, nodesJSON) {
		must(fmt.Errorf("%s.ours.b64: decodes to %d bytes that differ from json.Marshal(nodes) (%d bytes)", file, len(j), len(nodesJSON)))
	}
	return len(j)
}

// measureText is how a Go tool measures a workflow it reads as text: json.Unmarshal into
// the typed Workflow, then the length of json.Marshal.
func measureText(text []byte) int {
	var w Workflow
	must(json.Unmarshal(text, &w))
	b, err := json.Marshal(&w)
	must(err)
	return len(b)
}

func main() {
	flag.Parse()
	out := json.NewEncoder(os.Stdout)
	for _, file := range flag.Args() {
		input, err := os.ReadFile(file)
		must(err)
		var wf Workflow
		must(json.Unmarshal(input, &wf))
		nodesJSON, err := json.Marshal(wf.Status.Nodes)
		must(err)

		var size int
		d, n := median(func() {
			b, err := json.Marshal(&wf)
			must(err)
			size = len(b)
		})
		must(out.Encode(result{file, "marshal", n, d.Nanoseconds(), len(input), size, mbps(len(input), d)}))

		d, n = median(func() { size = measureText(input) })
		must(out.Encode(result{file, "unmarshal-marshal", n, d.Nanoseconds(), len(input), size, mbps(len(input), d)}))

		var generic interface{}
		must(json.Unmarshal(input, &generic))
		kubectl, err := json.MarshalIndent(generic, "", "    ")
		must(err)
		must(os.WriteFile(file+".kubectl.json", kubectl, 0o644))
		d, n = median(func() { size = measureText(kubectl) })
		must(out.Encode(result{file, "unmarshal-marshal-kubectl", n, d.Nanoseconds(), len(kubectl), size, mbps(len(kubectl), d)}))

		d, n = median(func() {
			b, err := json.Marshal(wf.Status.Nodes)
			must(err)
			size = len(b)
		})
		must(out.Encode(result{file, "marshal-nodes", n, d.Nanoseconds(), len(nodesJSON), size, mbps(len(nodesJSON), d)}))

		var b64 string
		d, n = median(func() { b64 = encode(wf.Status.Nodes) })
		must(out.Encode(result{file, "encode", n, d.Nanoseconds(), len(nodesJSON), len(b64), mbps(len(nodesJSON), d)}))
		must(os.WriteFile(file+".go.b64", []byte(b64), 0o644))

		var count int
		d, n = median(func() { count = len(decode(b64)) })
		if count != len(wf.Status.Nodes) {
			must(fmt.Errorf("%s: decoded %d nodes, want %d", file, count, len(wf.Status.Nodes)))
		}
		must(out.Encode(result{file, "decode", n, d.Nanoseconds(), len(nodesJSON), count, mbps(len(nodesJSON), d)}))

		if ours, err := os.ReadFile(file + ".ours.b64"); err == nil {
			must(out.Encode(result{file, "reads-ours", 1, 0, len(ours), readsOurs(file, ours, nodesJSON), 0}))
		}
	}
}

func mbps(n int, d time.Duration) float64 {
	return float64(n) / d.Seconds() / 1e6
}
