"""The tenant's subscriptions: the emulator's own (``DEFAULT_SUBSCRIPTION_ID``) and any other one a fleet was
created in (``add-clusters --subscription``, ``add-cluster --subscription``, seed files), kept in the settings."""
import uuid

from . import DEFAULT_SUBSCRIPTION_ID

SETTING = "subscriptions"


def subscription_ids(store):
    """Every subscription of the tenant, the emulator's own first."""
    return [DEFAULT_SUBSCRIPTION_ID] + list(store.setting(SETTING, []))


def is_known(store, subscription_id):
    lowered = subscription_id.lower()
    return lowered == DEFAULT_SUBSCRIPTION_ID or lowered in {s.lower() for s in store.setting(SETTING, [])}


def add_subscription(store, subscription_id):
    """Add a subscription to the tenant (a GUID); its id as stored (the first spelling wins)."""
    try:
        canonical = str(uuid.UUID(subscription_id))
    except ValueError:
        raise ValueError("a subscription id is a GUID, got {!r}".format(subscription_id)) from None
    with store.lock:
        for known in subscription_ids(store):
            if known.lower() == canonical:
                return known
        store.set_setting(SETTING, list(store.setting(SETTING, [])) + [canonical])
    return canonical
