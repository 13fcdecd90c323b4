"""What the user asked of an extension, as plain data, with every rule of REFERENCE.md §8 checked here.

- ExtensionSpec: a new extension (create); ExtensionChanges: what an update changes (PATCH).
- Rules: --target-namespace only with --scope namespace (and required there); --release-namespace only
  with --scope cluster; --version needs auto-upgrade off; a settings option and its file twin are exclusive;
  a marketplace plan is --plan-name, --plan-product and --plan-publisher together (create only).
- microsoft.flux settings the extension does not document give a one-line warning each (flux_settings.py).
- update only: --remove-config/--remove-config-protected KEY... remove stored keys (a `null` member in the
  PATCH's settings map, JSON merge patch); a key both set and removed in one command is refused.
- A value az left as '@PATH' because it could not read PATH is refused before anything is sent (REFERENCE §11).
"""
import difflib
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError, RequiredArgumentMissingError

from azext_k8s_configuration.typed_names import as_typed
from azext_k8s_configuration.validation.at_files import refuse_unread_files
from azext_k8s_configuration.validation.names import validate_namespace

from . import flux_settings
from .settings import parse_keys, refuse_set_and_removed, settings_from
from .status import FLUX_EXTENSION_TYPE

SETTINGS_OPTION = "--configuration-settings"
SETTINGS_FILE_OPTION = "--configuration-settings-file"
PROTECTED_OPTION = "--configuration-protected-settings"
PROTECTED_FILE_OPTION = "--configuration-protected-settings-file"
REMOVE_OPTION = "--remove-configuration-settings"
REMOVE_PROTECTED_OPTION = "--remove-configuration-protected-settings"
UPDATABLE_OPTIONS = ("--auto-upgrade-minor-version", "--version", "--release-train", SETTINGS_OPTION,
                     SETTINGS_FILE_OPTION, PROTECTED_OPTION, PROTECTED_FILE_OPTION, REMOVE_OPTION,
                     REMOVE_PROTECTED_OPTION)

# Options whose value cannot begin with '@' (an @FILE az could not read): option -> (name, form, file twin).
# Plain --configuration-settings values may (e.g. a schedule '@daily'): only their whole tokens are checked.
_AT_FILE_OPTIONS = {
    "extension_type": ("--extension-type", "value", None),
    "release_namespace": ("--release-namespace", "value", None),
    "target_namespace": ("--target-namespace", "value", None),
    "version": ("--version", "value", None),
    "release_train": ("--release-train", "value", None),
    "plan_name": ("--plan-name", "value", None),
    "plan_product": ("--plan-product", "value", None),
    "plan_publisher": ("--plan-publisher", "value", None),
    "configuration_settings": (SETTINGS_OPTION, "tokens", SETTINGS_FILE_OPTION),
    "configuration_protected_settings": (PROTECTED_OPTION, "pairs", PROTECTED_FILE_OPTION),
    "remove_configuration_settings": (REMOVE_OPTION, "tokens", None),
    "remove_configuration_protected_settings": (REMOVE_PROTECTED_OPTION, "tokens", None),
}


def _refuse_unread_at_files(options):
    refuse_unread_files((as_typed(option), options.get(key), form, file_option and as_typed(file_option))
                        for key, (option, form, file_option) in _AT_FILE_OPTIONS.items())


@dataclass
class ExtensionChanges:
    """The updatable fields (patchExtension); None = leave as it is."""
    auto_upgrade_minor_version: Optional[bool] = None
    version: Optional[str] = None
    release_train: Optional[str] = None
    configuration_settings: Optional[Dict[str, str]] = None
    configuration_protected_settings: Optional[Dict[str, str]] = None
    warnings: List[str] = field(default_factory=list)
    removed_settings: Optional[List[str]] = None  # keys to remove (update only)
    removed_protected_settings: Optional[List[str]] = None

    def is_empty(self):
        return all(value is None for value in (
            self.auto_upgrade_minor_version, self.version, self.release_train,
            self.configuration_settings, self.configuration_protected_settings,
            self.removed_settings, self.removed_protected_settings))

    def protected_keys(self):
        """The protected keys this change sets or removes (named, never their values, when confirming)."""
        return list(self.configuration_protected_settings or {}) + list(self.removed_protected_settings or [])


@dataclass
class ExtensionSpec(ExtensionChanges):
    """A new extension; scope is 'cluster', 'namespace' or None (the extension type's default)."""
    extension_type: str = ""
    scope: Optional[str] = None
    release_namespace: Optional[str] = None
    target_namespace: Optional[str] = None
    plan: Optional[Dict[str, str]] = None  # the wire `plan`: {"name", "product", "publisher"}

    def changes(self):
        """The part of the spec that an existing extension can take by PATCH."""
        return ExtensionChanges(self.auto_upgrade_minor_version, self.version, self.release_train,
                                self.configuration_settings, self.configuration_protected_settings)


def build_create_spec(extension_type, scope=None, release_namespace=None, target_namespace=None,
                      auto_upgrade_minor_version=None, version=None, release_train=None,
                      configuration_settings=None, configuration_protected_settings=None,
                      configuration_settings_file=None, configuration_protected_settings_file=None,
                      plan_name=None, plan_product=None, plan_publisher=None):
    _refuse_unread_at_files(locals())
    if not extension_type or not extension_type.strip():
        raise RequiredArgumentMissingError("--extension-type must not be empty.",
                                           "Give the type to install, e.g. --extension-type microsoft.flux.")
    scope = _check_scope(scope, release_namespace, target_namespace)
    _check_version(version, auto_upgrade_minor_version)
    spec = ExtensionSpec(
        extension_type=extension_type.strip(), scope=scope, release_namespace=release_namespace,
        target_namespace=target_namespace, auto_upgrade_minor_version=auto_upgrade_minor_version,
        version=version, release_train=release_train, plan=_plan(plan_name, plan_product, plan_publisher),
        **_settings(configuration_settings, configuration_protected_settings, configuration_settings_file,
                    configuration_protected_settings_file))
    spec.warnings = settings_warnings(spec.extension_type, spec)
    return spec


def build_changes(configuration_settings=None, configuration_protected_settings=None,
                  configuration_settings_file=None, configuration_protected_settings_file=None,
                  auto_upgrade_minor_version=None, version=None, release_train=None,
                  remove_configuration_settings=None, remove_configuration_protected_settings=None):
    """What `update` changes, checked on its own (see check_changes for the checks against the resource)."""
    _refuse_unread_at_files(locals())
    changes = ExtensionChanges(
        auto_upgrade_minor_version=auto_upgrade_minor_version, version=version, release_train=release_train,
        removed_settings=parse_keys(remove_configuration_settings, as_typed(REMOVE_OPTION),
                                    as_typed(SETTINGS_OPTION)),
        removed_protected_settings=parse_keys(remove_configuration_protected_settings,
                                              as_typed(REMOVE_PROTECTED_OPTION), as_typed(PROTECTED_OPTION)),
        **_settings(configuration_settings, configuration_protected_settings, configuration_settings_file,
                    configuration_protected_settings_file))
    refuse_set_and_removed(changes.configuration_settings, changes.removed_settings,
                           as_typed(SETTINGS_FILE_OPTION if configuration_settings_file else SETTINGS_OPTION),
                           as_typed(REMOVE_OPTION))
    refuse_set_and_removed(changes.configuration_protected_settings, changes.removed_protected_settings,
                           as_typed(PROTECTED_FILE_OPTION if configuration_protected_settings_file
                                    else PROTECTED_OPTION),
                           as_typed(REMOVE_PROTECTED_OPTION))
    if changes.is_empty():
        raise RequiredArgumentMissingError(
            "Nothing to update: give at least one of " + ", ".join(UPDATABLE_OPTIONS) + ".",
            "E.g. --config image-automation-controller.enabled=true, or --auto-upgrade true.")
    if auto_upgrade_minor_version is True:
        _check_version(version, auto_upgrade_minor_version)
    return changes


def check_changes(changes, extension_type, current_auto_upgrade):
    """Rules that depend on the existing extension; fills changes.warnings."""
    if changes.version is not None and changes.auto_upgrade_minor_version is None \
            and current_auto_upgrade is not False:
        raise ArgumentUsageError(
            "--version can only be used with --auto-upgrade-minor-version false, and this extension upgrades "
            "minor versions automatically.",
            "Add --auto-upgrade-minor-version false to pin the version.")
    changes.warnings = settings_warnings(extension_type, changes)
    return changes


def drop_absent_removals(changes, stored_settings, name):
    """Keys --remove-configuration-settings names that the extension does not hold: a warning each (with the
    nearest stored key), and they are left out of the PATCH; none left → removed_settings None.
    Protected keys are not shown by the service, so their removal is always sent."""
    if not changes.removed_settings:
        return changes
    stored = list(stored_settings or {})
    kept = []
    for key in changes.removed_settings:
        if key in stored:
            kept.append(key)
            continue
        near = difflib.get_close_matches(key, stored, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        changes.warnings.append(f"Extension '{name}' has no setting '{key}'{hint}; nothing to remove for it.")
    changes.removed_settings = kept or None
    return changes


def settings_warnings(extension_type, changes):
    if (extension_type or "").lower() != FLUX_EXTENSION_TYPE:
        return []
    warnings = []
    for protected, values in ((False, changes.configuration_settings),
                              (True, changes.configuration_protected_settings)):
        warnings.extend(flux_settings.unknown_key_warnings(list(values or {}), protected=protected))
    return warnings


def scope_of(scope_block):
    """(scope, release namespace, target namespace) from the wire `scope` object of an existing extension."""
    scope_block = scope_block or {}
    if scope_block.get("namespace") is not None:
        return "namespace", None, (scope_block["namespace"] or {}).get("targetNamespace")
    if scope_block.get("cluster") is not None:
        return "cluster", (scope_block["cluster"] or {}).get("releaseNamespace"), None
    return None, None, None


def check_same_placement(spec, existing_scope_block, name):
    """An existing extension keeps its scope and namespace: refuse a create that asks for others."""
    scope, release_ns, target_ns = scope_of(existing_scope_block)
    asked = (("--scope", spec.scope, scope), ("--release-namespace", spec.release_namespace, release_ns),
             ("--target-namespace", spec.target_namespace, target_ns))
    for option, wanted, current in asked:
        if wanted is not None and current is not None and wanted != current:
            raise InvalidArgumentValueError(
                f"Extension '{name}' already exists with {option} {current}; {option} {wanted} cannot be "
                "applied to it.",
                f"Leave {option} out to update its settings, or delete the extension first to reinstall it.")


PLAN_OPTIONS = (("name", "--plan-name"), ("product", "--plan-product"), ("publisher", "--plan-publisher"))


def _plan(name, product, publisher):
    """The marketplace plan of --plan-name/--plan-product/--plan-publisher: all three or none."""
    given = {"name": name, "product": product, "publisher": publisher}
    if all(value is None for value in given.values()):
        return None
    missing = [option for key, option in PLAN_OPTIONS if not (given[key] or "").strip()]
    if missing:
        raise RequiredArgumentMissingError(
            "A marketplace plan needs --plan-name, --plan-product and --plan-publisher; missing: "
            + ", ".join(missing) + ".",
            "Give all three, as the extension's offer shows them (plan ID, product ID, publisher ID).")
    return {key: given[key].strip() for key, _ in PLAN_OPTIONS}


def check_same_plan(spec, existing_plan, name):
    """A plan is chosen when an extension is created: refuse a create on an existing extension with another one."""
    if spec.plan is None or existing_plan == spec.plan:
        return
    current = ", ".join(f"{option} {existing_plan.get(key)}" for key, option in PLAN_OPTIONS) if existing_plan \
        else "no marketplace plan"
    raise InvalidArgumentValueError(
        f"Extension '{name}' already exists with {current}; a plan cannot be changed on an existing extension.",
        "Leave the --plan-* options out to update its settings, or delete the extension first to reinstall it.")


def _check_scope(scope, release_namespace, target_namespace):
    if target_namespace is not None and scope != "namespace":
        raise ArgumentUsageError("--target-namespace can only be used with --scope namespace.",
                                 "Add --scope namespace, or use --release-namespace for a cluster-scoped extension.")
    if release_namespace is not None and scope == "namespace":
        raise ArgumentUsageError("--release-namespace can only be used with --scope cluster.",
                                 "Use --target-namespace with --scope namespace.")
    if scope == "namespace" and not target_namespace:
        raise RequiredArgumentMissingError("--scope namespace needs --target-namespace.",
                                           "Add --target-namespace NAMESPACE (the namespace to install into).")
    if target_namespace is not None:
        validate_namespace(target_namespace, "--target-namespace")
    if release_namespace is not None:
        validate_namespace(release_namespace, "--release-namespace")
        scope = scope or "cluster"
    return scope


def _check_version(version, auto_upgrade_minor_version):
    if version is not None and auto_upgrade_minor_version is not False:
        raise ArgumentUsageError(
            "--version can only be used with --auto-upgrade-minor-version false.",
            "Add --auto-upgrade false to pin the version, or leave --version out to follow the release train.")


def _settings(settings, protected, settings_file, protected_file):
    return {
        "configuration_settings": settings_from(settings, settings_file, as_typed(SETTINGS_OPTION),
                                                as_typed(SETTINGS_FILE_OPTION)),
        "configuration_protected_settings": settings_from(protected, protected_file, as_typed(PROTECTED_OPTION),
                                                          as_typed(PROTECTED_FILE_OPTION), secret=True),
    }
