package configcheck

import (
	"fmt"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// configMap is a Kubernetes ConfigMap given among the inputs.
type configMap struct {
	src  *source
	data *yaml.Node // its data: mapping (nil when it has none)
	// used is set when some container's envFrom or env valueFrom names
	// it.
	used bool
}

// indexConfigMaps collects the ConfigMaps of every Kubernetes input, so
// that a container's envFrom can be resolved against a ConfigMap in the
// same file or in another input of the run. A file that holds only
// ConfigMaps some container reads is not reported as starting no etcd.
func (r *run) indexConfigMaps(found []detected) {
	r.configMaps = map[string]*configMap{}
	refs := map[string]bool{} // namespace/name
	for _, d := range found {
		if d.src.kind != KindKubernetes {
			continue
		}
		for _, doc := range d.docs {
			root := docRoot(doc)
			if !isKubernetes(root) {
				continue
			}
			if _, kind := mapGet(root, "kind"); scalarText(kind) == "ConfigMap" {
				_, meta := mapGet(root, "metadata")
				_, name := mapGet(meta, "name")
				_, data := mapGet(root, "data")
				if data != nil && data.Kind != yaml.MappingNode {
					data = nil
				}
				if n := scalarText(name); n != "" && r.configMaps[nsKey(root, n)] == nil {
					r.configMaps[nsKey(root, n)] = &configMap{src: d.src, data: data}
				}
				continue
			}
			for _, spec := range podSpecs(root, 0) {
				_, list := mapGet(spec, "containers")
				if list == nil || list.Kind != yaml.SequenceNode {
					continue
				}
				for _, c := range list.Content {
					_, ef := mapGet(deref(c), "envFrom")
					if ef != nil && ef.Kind == yaml.SequenceNode {
						for _, it := range ef.Content {
							_, ref := mapGet(deref(it), "configMapRef")
							_, n := mapGet(ref, "name")
							if n != nil {
								refs[nsKey(root, scalarText(n))] = true
							}
						}
					}
					_, env := mapGet(deref(c), "env")
					if env != nil && env.Kind == yaml.SequenceNode {
						for _, e := range env.Content {
							_, vf := mapGet(deref(e), "valueFrom")
							_, ref := mapGet(vf, "configMapKeyRef")
							_, n := mapGet(ref, "name")
							if n != nil {
								refs[nsKey(root, scalarText(n))] = true
							}
						}
					}
				}
			}
		}
	}
	r.configMapOnly = map[*source]bool{}
	for n, cm := range r.configMaps {
		if refs[n] {
			cm.used = true
			r.configMapOnly[cm.src] = true
		}
	}
	// A file with a workload as well as a ConfigMap is checked as usual.
	for _, d := range found {
		if !r.configMapOnly[d.src] {
			continue
		}
		for _, doc := range d.docs {
			if len(podSpecs(docRoot(doc), 0)) > 0 {
				delete(r.configMapOnly, d.src)
				break
			}
		}
	}
}

// namespace is the namespace of a Kubernetes object: its
// metadata.namespace, or "default" when it names none (where kubectl
// creates it without -n). ConfigMaps and the pods that read them are
// matched in one namespace, as Kubernetes resolves envFrom.
func namespace(root *yaml.Node) string {
	_, meta := mapGet(root, "metadata")
	_, ns := mapGet(meta, "namespace")
	if n := scalarText(ns); n != "" {
		return n
	}
	return "default"
}

// nsKey is the key of a ConfigMap named name in root's namespace.
func nsKey(root *yaml.Node, name string) string {
	return namespace(root) + "/" + name
}

// envFrom adds the ETCD_* variables a container's envFrom gives: the
// data of a ConfigMap among the inputs (with the entry's prefix). A
// variable the container's env: sets too is env:'s (Kubernetes lets env:
// win); of two envFrom sources the later wins. A Secret is never read,
// and a ConfigMap not among the inputs cannot be: the report says which.
func (r *run) envFrom(src *source, c *yaml.Node, ns, container string, img imageRef, inv *invocation) {
	_, ef := mapGet(c, "envFrom")
	if ef == nil || ef.Kind != yaml.SequenceNode || inv.sub != "" {
		return // a proxy or gateway reads no ETCD_* variables
	}
	explicit := map[string]bool{}
	for _, s := range inv.env {
		explicit[s.name] = true
	}
	fromMaps := map[string]int{} // variable -> index in inv.env
	for _, it := range ef.Content {
		it = deref(it)
		if it == nil || it.Kind != yaml.MappingNode {
			continue
		}
		_, prefix := mapGet(it, "prefix")
		if _, sr := mapGet(it, "secretRef"); sr != nil {
			_, n := mapGet(sr, "name")
			r.problem(src.name, it.Line, fmt.Sprintf("container %s: envFrom Secret %s is not read (secret values are never read or printed): the ETCD_* variables it may set are not checked", container, scalarText(n)))
			continue
		}
		_, ref := mapGet(it, "configMapRef")
		if ref == nil {
			continue
		}
		_, n := mapGet(ref, "name")
		name := scalarText(n)
		cm := r.configMaps[ns+"/"+name]
		if cm == nil {
			msg := fmt.Sprintf("container %s: envFrom ConfigMap %s is not among the inputs in namespace %s, so the ETCD_* variables it may set are not checked; give its manifest in the same run", container, name, ns)
			if _, opt := mapGet(ref, "optional"); boolValue(&setting{value: scalarText(opt)}) == "true" {
				msg += " (optional: where the ConfigMap is absent it sets no variable)"
			}
			r.problem(src.name, it.Line, msg)
			continue
		}
		r.addInput(cm.src)
		if cm.data == nil {
			continue
		}
		for i := 0; i+1 < len(cm.data.Content); i += 2 {
			k, v := cm.data.Content[i], cm.data.Content[i+1]
			vname := scalarText(prefix) + k.Value
			if explicit[vname] || !strings.HasPrefix(vname, "ETCD_") {
				continue
			}
			inv.deployedFromEnv(vname, scalarText(v))
			if notEtcdEnv(vname, img.kind) {
				continue
			}
			s := r.table.envSetting(cm.src, vname, scalarText(v), pos{k.Line, k.Column})
			if j, ok := fromMaps[vname]; ok {
				inv.env[j] = s
				continue
			}
			fromMaps[vname] = len(inv.env)
			inv.env = append(inv.env, s)
		}
	}
}

// valueFrom builds the setting of an ETCD_* variable a container's env:
// entry sets through valueFrom (vf), named at at in src. A
// configMapKeyRef to a ConfigMap among the inputs (in the pod's namespace
// ns) gives the key's value, checked as if written in the entry; any
// other source leaves the value unknown and the report says so, while
// the name is still checked. A Secret is never read. ok is false when
// the variable is not set at all: an optional key that the ConfigMap
// given does not hold.
func (r *run) valueFrom(src *source, vf *yaml.Node, ns, container, name string, at pos) (*setting, bool) {
	s := r.table.envSetting(src, name, "", at)
	prefix := fmt.Sprintf("container %s: %s", container, name)
	if _, ref := mapGet(vf, "configMapKeyRef"); ref != nil {
		_, n := mapGet(ref, "name")
		_, k := mapGet(ref, "key")
		_, opt := mapGet(ref, "optional")
		cmName, key := scalarText(n), scalarText(k)
		optional := boolValue(&setting{value: scalarText(opt)}) == "true"
		s.ref = fmt.Sprintf("ConfigMap %s key %s", cmName, key)
		cm := r.configMaps[ns+"/"+cmName]
		if cm == nil {
			msg := fmt.Sprintf("%s takes its value from ConfigMap %s (key %s), which is not among the inputs in namespace %s, so its value is not checked; give its manifest in the same run", prefix, cmName, key, ns)
			if optional {
				msg += " (optional: where the ConfigMap is absent the variable is unset)"
			}
			r.problem(src.name, at.line, msg)
			return s, true
		}
		r.addInput(cm.src)
		if cm.data != nil {
			for i := 0; i+1 < len(cm.data.Content); i += 2 {
				if kn, vn := cm.data.Content[i], cm.data.Content[i+1]; kn.Value == key {
					s.value = scalarText(vn)
					s.refSrc, s.refVal = cm.src, vn
					return s, true
				}
			}
		}
		if optional {
			r.problem(src.name, at.line, fmt.Sprintf("%s: ConfigMap %s in namespace %s has no key %s, and the reference is optional: the variable is unset, so it is not checked (it would be if the ConfigMap deployed has the key)", prefix, cmName, ns, key))
			return nil, false
		}
		r.problem(src.name, at.line, fmt.Sprintf("%s: ConfigMap %s in namespace %s has no key %s: Kubernetes does not start the container until it has (\"couldn't find key %s\"), and the value is not checked", prefix, cmName, ns, key, key))
		return s, true
	}
	var what string
	if _, ref := mapGet(vf, "secretKeyRef"); ref != nil {
		_, n := mapGet(ref, "name")
		_, k := mapGet(ref, "key")
		s.ref = fmt.Sprintf("Secret %s key %s", scalarText(n), scalarText(k))
		what = s.ref + " (secret values are never read or printed)"
	} else if _, ref := mapGet(vf, "fieldRef"); ref != nil {
		_, p := mapGet(ref, "fieldPath")
		s.ref = "pod field " + scalarText(p)
		what = s.ref + ", known only when the pod runs"
	} else if _, ref := mapGet(vf, "resourceFieldRef"); ref != nil {
		_, p := mapGet(ref, "resource")
		s.ref = "container resource " + scalarText(p)
		what = s.ref + ", known only when the pod runs"
	} else {
		s.ref = "valueFrom"
		what = "a valueFrom source etcdlint does not read"
	}
	r.problem(src.name, at.line, fmt.Sprintf("%s takes its value from %s: its value is not checked (its name is)", prefix, what))
	return s, true
}
