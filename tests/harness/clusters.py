"""Fresh, uniquely named clusters for tests."""
import uuid


class Cluster:
    def __init__(self, rg, name, cluster_type, body):
        self.rg = rg
        self.name = name
        self.cluster_type = cluster_type
        self.body = body
        self.id = body["id"]

    @property
    def args(self):
        args = "-g {} -c {} -t {}".format(self.rg, self.name, self.cluster_type)
        if self.cluster_type == "provisionedClusters":
            args += " --cluster-resource-provider microsoft.hybridcontainerservice"
        return args

    def __repr__(self):
        return "Cluster({}/{}/{})".format(self.rg, self.cluster_type, self.name)


def make_cluster(emulator, cluster_type="connectedClusters", service_principal=False, rg=None, name=None,
                 location="eastus"):
    suffix = uuid.uuid4().hex[:8]
    rg = rg or "rg-" + suffix
    name = name or "cluster-" + suffix
    body = emulator.add_cluster(rg, name, cluster_type, service_principal, location)
    return Cluster(rg, name, cluster_type, body)
