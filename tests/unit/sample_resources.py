"""A stored flux configuration as ARM returns it (the tutorial's, after create)."""

EXISTING = {
    "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/"
          "Microsoft.KubernetesConfiguration/fluxConfigurations/gitops-demo",
    "name": "gitops-demo",
    "type": "Microsoft.KubernetesConfiguration/fluxConfigurations",
    "properties": {
        "scope": "cluster", "namespace": "gitops-demo", "sourceKind": "GitRepository", "suspend": False,
        "gitRepository": {"url": "https://github.com/fluxcd/flux2-kustomize-helm-example", "timeoutInSeconds": 600,
                          "syncIntervalInSeconds": 600, "repositoryRef": {"branch": "main"}, "httpsUser": None,
                          "sshKnownHosts": None, "httpsCACert": None, "localAuthRef": None},
        "kustomizations": {
            "infra": {"name": "infra", "path": "./infrastructure", "dependsOn": [], "timeoutInSeconds": 600,
                      "syncIntervalInSeconds": 600, "prune": True, "force": False, "wait": True},
            "apps": {"name": "apps", "path": "./apps/staging", "dependsOn": ["infra"], "timeoutInSeconds": 600,
                     "syncIntervalInSeconds": 600, "prune": True, "force": False, "wait": True}},
        "complianceState": "Compliant", "provisioningState": "Succeeded",
    },
}
