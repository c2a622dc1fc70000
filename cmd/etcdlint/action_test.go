package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// actionFile is the part of action.yml the test reads.
type actionFile struct {
	Inputs map[string]struct {
		Default string `json:"default"`
	} `json:"inputs"`
	Runs struct {
		Using string `json:"using"`
		Steps []struct {
			Name  string            `json:"name"`
			ID    string            `json:"id"`
			Uses  string            `json:"uses"`
			Shell string            `json:"shell"`
			Env   map[string]string `json:"env"`
			Run   string            `json:"run"`
		} `json:"steps"`
	} `json:"runs"`
}

var expr = regexp.MustCompile(`\$\{\{\s*([a-z_.\-]+)\s*\}\}`)

// TestAction runs the composite action's run steps the way the Actions
// runner does — bash with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP
// and the ${{ }} expressions the steps use resolved — on the sample, and
// checks each output: the SARIF file, the job summary, the annotations, the
// step outputs and the exit code. Steps that use another action (setup-go)
// are not run: the test's own Go stands in.
func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcdlint as the action does")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"target", "code", "config", "fail-on", "args"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("action.yml has no input %q", in)
		}
	}

	workspace := t.TempDir()
	copyDir(t, filepath.Join(root, "testdata", "sample"), filepath.Join(workspace, "sample"))
	temp := t.TempDir()
	summary := filepath.Join(temp, "step_summary.md")
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		inputs[name] = in.Default
	}
	inputs["target"] = "3.7"
	inputs["code"] = "sample/client"
	inputs["config"] = "sample/etcd.conf.yml\nsample/etcd.service"
	inputs["setup-go"] = "false"
	stepOutputs := map[string]map[string]string{}
	resolve := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string {
			name := expr.FindStringSubmatch(m)[1]
			switch {
			case name == "github.action_path":
				return root
			case strings.HasPrefix(name, "inputs."):
				return inputs[strings.TrimPrefix(name, "inputs.")]
			case strings.HasPrefix(name, "steps."):
				parts := strings.Split(name, ".") // steps.ID.outputs.NAME
				if len(parts) == 4 {
					return stepOutputs[parts[1]][parts[3]]
				}
			}
			t.Fatalf("action.yml uses ${{ %s }}, which the test does not provide", name)
			return ""
		})
	}
	var ran []string
	var lastOut string
	var lastCode int
	for _, st := range a.Runs.Steps {
		if st.Uses != "" {
			t.Logf("not run (another action): %s (%s)", st.Name, st.Uses)
			continue
		}
		if st.Shell != "bash" {
			t.Fatalf("step %q: shell %q, want bash", st.Name, st.Shell)
		}
		outFile := filepath.Join(temp, "output-"+st.ID)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", st.Run)
		cmd.Dir = workspace
		cmd.Env = append(os.Environ(),
			"GITHUB_OUTPUT="+outFile, "GITHUB_STEP_SUMMARY="+summary, "RUNNER_TEMP="+temp,
			"GITHUB_WORKSPACE="+workspace, "GITHUB_ACTIONS=true", "NO_COLOR=1")
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+resolve(v))
		}
		out, err := cmd.CombinedOutput()
		lastOut, lastCode = string(out), 0
		if ee, ok := err.(*exec.ExitError); ok {
			lastCode = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if st.ID == "build" && lastCode != 0 {
			t.Fatalf("build step failed:\n%s", out)
		}
		outs := map[string]string{}
		if b, err := os.ReadFile(outFile); err == nil {
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				if k, v, ok := strings.Cut(l, "="); ok {
					outs[k] = v
				}
			}
		}
		stepOutputs[st.ID] = outs
		ran = append(ran, st.ID)
	}
	if strings.Join(ran, ",") != "build,check" {
		t.Fatalf("ran steps %v, want build,check", ran)
	}
	// The sample breaks on 3.7: the step fails with etcdlint's exit code.
	if lastCode != 1 || stepOutputs["check"]["exit-code"] != "1" {
		t.Errorf("check step exit %d, output exit-code=%q, want 1\n%s", lastCode, stepOutputs["check"]["exit-code"], lastOut)
	}
	if !strings.Contains(lastOut, "::error file=sample/client/main.go,line=15,") || !strings.Contains(lastOut, "file=sample/etcd.conf.yml") {
		t.Errorf("no annotations for the code and the config:\n%s", lastOut)
	}
	sarifPath := filepath.Join(workspace, stepOutputs["check"]["sarif-file"])
	b, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatalf("sarif-file output: %v", err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &sarif); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	uris := map[string]bool{}
	for _, r := range sarif.Runs[0].Results {
		uris[r.Locations[0].Physical.Artifact.URI] = true
	}
	for _, want := range []string{"sample/client/main.go", "sample/etcd.conf.yml"} {
		if !uris[want] {
			t.Errorf("SARIF has no result in %s (URIs %v)", want, uris)
		}
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(md), "EC3401") || !strings.Contains(string(md), "|") {
		t.Errorf("job summary lacks the Markdown report (%v):\n%s", err, md)
	}
	t.Logf("action on the sample: exit %d, %d SARIF results, %d bytes of job summary", lastCode, len(sarif.Runs[0].Results), len(md))
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
