"""Configurations as files (REFERENCE.md §12): `flux apply -f`, `flux export`, `flux validate -f`.

documents     reading FILE (YAML or JSON, '-' = stdin) into documents with line numbers
azure_shape   what `flux show` prints (or the nested ARM shape) -> create options
flux_shape    Flux's own manifests (GitRepository/OCIRepository/Bucket + Kustomizations) -> create options
kustomization_fields   the one mapping of kustomization fields: wire member, -k key, Flux field
desired       file options + command-line options -> the create spec, through the same rules as `flux create`
plan          the stored configuration vs the desired one: plain data (action, changes, the write to send)
export        the stored configuration -> the apply file (azure) or Flux manifests (flux)
handlers      the thin command handlers
"""
