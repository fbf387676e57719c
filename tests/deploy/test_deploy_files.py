"""The deployment files parse, agree with each other, and name only what the repository has:
commands its programs accept, files the image contains, settings config.py reads, images it
builds, and job tags its Dagster definitions carry."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import pytest
from deploy_files import (
    DEPLOY,
    PYPROJECT,
    ROOT,
    dockerfile_instructions,
    dockerfile_stages,
    documented_variables,
    env_references,
    load_yaml,
    load_yaml_documents,
    parse_command,
    repo_path_in_image,
    setting_env_names,
)

COMPOSE = load_yaml("compose.yaml")
SERVICES = COMPOSE["services"]
# The services that run the LifeOS image (built from deploy/Dockerfile).
LIFEOS_SERVICES = {name: s for name, s in SERVICES.items() if "build" in s}
ONE_SHOT = {"migrate", "dagster-migrate"}
LONG_RUNNING = {name: s for name, s in LIFEOS_SERVICES.items() if name not in ONE_SHOT}
INSTANCE = load_yaml("dagster.yaml")
HELM = load_yaml("helm/values.yaml")
(CODE_LOCATION,) = HELM["dagster-user-deployments"]["deployments"]
MANIFESTS = {
    path.name: load_yaml_documents(f"k8s/{path.name}") for path in sorted(DEPLOY.glob("k8s/*.yaml"))
}
IMAGE = dockerfile_stages(DEPLOY / "Dockerfile")[-1]
VERSION = PYPROJECT["project"]["version"]


def containers(kind: str | None = None) -> list[tuple[str, dict]]:
    found = []
    for file, documents in MANIFESTS.items():
        for doc in documents:
            if kind and doc["kind"] != kind:
                continue
            pod = doc.get("spec", {}).get("template", {}).get("spec", {})
            found += [(f"{file}:{c['name']}", c) for c in pod.get("containers", [])]
    return found


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def every_command() -> list[tuple[str, list[str]]]:
    """Every command a container runs, from compose, the Helm values and the manifests."""
    commands = []
    for name, service in LIFEOS_SERVICES.items():
        commands.append((f"compose {name}", service["command"]))
        health = service.get("healthcheck", {}).get("test")
        if health:
            commands.append((f"compose {name} healthcheck", health[1:]))
    commands.append(
        (
            "helm code location",
            ["dagster", "api", "grpc", *CODE_LOCATION["dagsterApiGrpcArgs"], "-p", "3030"],
        )
    )
    commands += [(f"k8s {name}", c["command"]) for name, c in containers()]
    return commands


@pytest.mark.parametrize("where,argv", every_command(), ids=[where for where, _ in every_command()])
def test_every_container_command_is_one_its_program_accepts(where, argv):
    # Paths the image holds are checked on their source in the repository.
    local = [str(repo_path_in_image(IMAGE, a) or a) if a.startswith("/") else a for a in argv]
    parse_command(local)  # raises on an unknown program, subcommand or option


def test_the_programs_the_containers_run_are_installed():
    programs = {argv[0] for _, argv in every_command()} - {"python"}
    bin_dir = str(Path(sys.executable).parent)
    assert not [p for p in programs if not shutil.which(p, path=bin_dir)]
    assert PYPROJECT["project"]["scripts"]["lifeos"] == "lifeos_core.cli:main"


def test_container_commands_find_their_files_and_modules_in_the_image():
    webserver, daemon, code_location, streamlit = (
        SERVICES[name]["command"] for name in ("webserver", "daemon", "code-location", "streamlit")
    )
    for argv in (webserver, daemon):
        assert repo_path_in_image(IMAGE, option(argv, "-w")) == DEPLOY / "workspace.yaml"
    module = option(code_location, "-m")
    assert module == option(CODE_LOCATION["dagsterApiGrpcArgs"], "-m")
    assert importlib.util.find_spec(module) is not None
    assert repo_path_in_image(IMAGE, module.replace(".", "/") + ".py")
    assert repo_path_in_image(IMAGE, streamlit[2]) == ROOT / "dashboards" / "app.py"
    # Streamlit reads its config from the working directory.
    assert repo_path_in_image(IMAGE, ".streamlit/config.toml")
    # lifeos db upgrade finds the migrations beside the installed packages.
    assert repo_path_in_image(IMAGE, "migrations/env.py")
    assert repo_path_in_image(IMAGE, "alembic.ini")


def test_the_same_command_runs_a_service_in_compose_and_on_kubernetes():
    by_name = dict(containers())
    assert by_name["streamlit.yaml:streamlit"]["command"] == SERVICES["streamlit"]["command"]
    assert by_name["metrics.yaml:metrics"]["command"] == SERVICES["metrics"]["command"]
    assert by_name["migrate-job.yaml:migrate"]["command"] == SERVICES["migrate"]["command"]


def test_the_operator_notes_show_every_container_command():
    notes = " ".join((DEPLOY / "README.md").read_text().replace("\\\n", " ").split())
    for name, service in LIFEOS_SERVICES.items():
        assert shlex.join(service["command"]) in notes, f"deploy/README.md lacks {name}'s command"


# --- compose ---------------------------------------------------------------------------------


def test_every_long_running_service_has_a_health_check_on_the_port_it_serves():
    for name, service in LONG_RUNNING.items():
        check = service["healthcheck"]["test"]
        assert check[0] == "CMD", name
        command = service["command"]
        port = next(
            (option(command, o) for o in ("-p", "--port", "--server.port") if o in command), None
        )
        if port is None:  # the daemon serves nothing; it checks its heartbeats in the instance
            assert check[1:] == ["dagster-daemon", "liveness-check"], name
        elif check[1] == "python":
            (url,) = re.findall(r"'(http://[^']+)'", check[-1])
            assert urlparse(url).port == int(port), name
        elif "-p" in check:
            assert option(check, "-p") == port, name


def test_services_start_only_after_both_migration_steps_succeeded():
    for name in ONE_SHOT:
        assert SERVICES[name]["restart"] == "no"
        assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name, service in LONG_RUNNING.items():
        assert service["restart"] == "unless-stopped", name
        for step in ONE_SHOT:
            assert service["depends_on"][step]["condition"] == "service_completed_successfully"


def test_the_lifeos_image_is_built_from_the_dockerfile_and_other_images_are_pinned():
    for name, service in LIFEOS_SERVICES.items():
        context = (DEPLOY / service["build"]["context"]).resolve()
        assert context == ROOT, name
        assert context / service["build"]["dockerfile"] == DEPLOY / "Dockerfile"
        assert re.fullmatch(r"\$\{LIFEOS_IMAGE:-lifeos:[\w.-]+\}", service["image"]), name
    for name, service in SERVICES.items():
        if name not in LIFEOS_SERVICES:
            repository, _, tag = service["image"].rpartition(":")
            assert repository and tag and tag != "latest", name


def test_compose_mounts_only_files_of_the_repository():
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in COMPOSE["volumes"], f"{name} mounts undeclared {source}"


def test_compose_gives_each_container_what_its_instance_and_workspace_files_read():
    wanted = env_references(INSTANCE) | env_references(load_yaml("workspace.yaml"))
    known = setting_env_names() | wanted
    for name, service in LIFEOS_SERVICES.items():
        environment = set(service["environment"])
        assert wanted <= environment, name
        assert environment <= known, f"{name} sets unknown {environment - known}"
    assert set(IMAGE.env) - {"PATH", "PYTHONUNBUFFERED"} <= known


def test_env_example_documents_every_setting():
    missing = setting_env_names() - documented_variables(DEPLOY / ".env.example")
    assert not missing, f"add to deploy/.env.example: {sorted(missing)}"


def test_env_example_documents_every_variable_the_compose_file_reads():
    text = (DEPLOY / "compose.yaml").read_text().replace("$$", "")
    read = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    missing = read - documented_variables(DEPLOY / ".env.example")
    assert not missing, f"add to deploy/.env.example: {sorted(missing)}"


# --- the Dockerfile --------------------------------------------------------------------------


def test_the_dockerfile_copies_files_that_exist_and_that_the_build_context_sends():
    allowed = {
        line[1:].rstrip("/")
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    for instruction, args in dockerfile_instructions(DEPLOY / "Dockerfile"):
        words = args.split()
        if instruction != "COPY" or any(w.startswith("--from") for w in words):
            continue
        for source in words[:-1]:
            assert (ROOT / source).exists(), source
            assert source.rstrip("/") in allowed, f"{source} is not sent to the build"


def test_the_dockerfile_installs_extras_that_pyproject_defines():
    (default,) = [
        args.split("=", 1)[1]
        for instruction, args in dockerfile_instructions(DEPLOY / "Dockerfile")
        if instruction == "ARG" and args.startswith("LIFEOS_EXTRAS=")
    ]
    extras = PYPROJECT["project"].get("optional-dependencies", {})
    for extra in filter(None, default.split(",")):
        assert extra in extras, f"pyproject.toml has no optional dependency group {extra!r}"
    # The K8sRunLauncher lives in dagster-k8s: the daemon and every run pod need it.
    assert any(d.startswith("dagster-k8s") for name in default.split(",") for d in extras[name])


def test_the_image_serves_every_port_and_holds_the_production_instance():
    (exposed,) = [a for i, a in dockerfile_instructions(DEPLOY / "Dockerfile") if i == "EXPOSE"]
    ports = {
        option(s["command"], o)
        for s in LONG_RUNNING.values()
        for o in ("-p", "--port", "--server.port")
        if o in s["command"]
    }
    assert ports <= set(exposed.split())
    home = IMAGE.env["DAGSTER_HOME"]
    assert home == SERVICES["daemon"]["environment"]["DAGSTER_HOME"]
    assert repo_path_in_image(IMAGE, f"{home}/dagster.yaml") == DEPLOY / "dagster.yaml"
    assert str(PurePosixPath(option(SERVICES["daemon"]["command"], "-w")).parent) == home


# --- Dagster: the instance, and the Helm values that repeat it --------------------------------


def test_every_tag_concurrency_limit_applies_to_runs_our_jobs_make():
    from lifeos_pipelines.definitions import defs

    jobs = [job for job in defs.resolve_all_job_defs() if not job.name.startswith("__")]
    carried = {(key, value) for job in jobs for key, value in job.run_tags.items()}
    partitioned = [job.name for job in jobs if job.partitions_def is not None]
    for limit in INSTANCE["concurrency"]["runs"]["tag_concurrency_limits"]:
        if limit["key"] == "dagster/partition":
            assert partitioned, "no job is partitioned, so the per-partition limit is idle"
        else:
            tag = (limit["key"], limit["value"])
            assert tag in carried, f"no job carries the tag {tag[0]}={tag[1]}"


def _camel(limits: list[dict]) -> list[dict]:
    return [
        {
            **limit,
            "value": {"applyLimitPerUniqueValue": v["applyLimitPerUniqueValue"]}
            if isinstance(v := limit.get("value"), dict)
            else v,
        }
        for limit in limits
    ]


def test_helm_values_queue_retry_and_monitor_runs_as_dagster_yaml_does():
    daemon = HELM["dagsterDaemon"]
    queued = daemon["runCoordinator"]["config"]["queuedRunCoordinator"]
    coordinator = INSTANCE["concurrency"]["runs"]
    assert daemon["runCoordinator"]["type"] == INSTANCE["run_coordinator"]["class"]
    assert queued["tagConcurrencyLimits"] == _camel(coordinator["tag_concurrency_limits"])
    assert queued["maxConcurrentRuns"] == coordinator["max_concurrent_runs"]
    retries, monitoring = INSTANCE["run_retries"], INSTANCE["run_monitoring"]
    assert daemon["runRetries"] == {
        "enabled": retries["enabled"],
        "maxRetries": retries["max_retries"],
        "retryOnAssetOrOpFailure": retries["retry_on_asset_or_op_failure"],
    }
    for key in (
        "enabled",
        "start_timeout_seconds",
        "cancel_timeout_seconds",
        "poll_interval_seconds",
    ):
        camel = re.sub(r"_(\w)", lambda m: m.group(1).upper(), key)
        assert daemon["runMonitoring"][camel] == monitoring[key], key
    postgres = INSTANCE["storage"]["postgres"]["postgres_db"]
    assert HELM["postgresql"]["postgresqlScheme"] == postgres["scheme"]
    assert HELM["postgresql"]["enabled"] is False
    assert HELM["runLauncher"]["type"] == "K8sRunLauncher"
    assert HELM["telemetry"] == INSTANCE["telemetry"]


def test_helm_runs_our_code_location_and_every_dagster_process_on_the_lifeos_image():
    assert CODE_LOCATION["name"] == PYPROJECT["tool"]["dagster"]["code_location_name"]
    images = [
        HELM["dagsterWebserver"]["image"],
        HELM["dagsterDaemon"]["image"],
        CODE_LOCATION["image"],
    ]
    assert all(image == images[0] for image in images)
    repository, tag = images[0]["repository"], images[0]["tag"]
    assert repository.rsplit("/", 1)[-1] == "lifeos" and tag == VERSION
    for name, container in containers():
        assert container["image"] == f"{repository}:{tag}", name


def test_kubernetes_config_and_secrets_are_the_ones_the_manifests_define_or_the_notes_make():
    config_maps = {
        doc["metadata"]["name"]: doc
        for docs in MANIFESTS.values()
        for doc in docs
        if doc["kind"] == "ConfigMap"
    }
    notes = (DEPLOY / "README.md").read_text()
    for config_map in config_maps.values():
        assert set(config_map["data"]) <= setting_env_names()
    wanted_maps = [m["name"] for m in CODE_LOCATION["envConfigMaps"]]
    wanted_secrets = [s["name"] for s in CODE_LOCATION["envSecrets"]]
    launcher = HELM["runLauncher"]["config"]["k8sRunLauncher"]
    wanted_maps += [m["name"] for m in launcher["envConfigMaps"]]
    wanted_secrets += [s["name"] for s in launcher["envSecrets"]]
    for _, container in containers():
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                wanted_maps.append(source["configMapRef"]["name"])
            else:
                wanted_secrets.append(source["secretRef"]["name"])
    assert set(wanted_maps) <= set(config_maps)
    wanted_secrets.append(HELM["global"]["postgresqlSecretName"])
    for secret in set(wanted_secrets):
        assert f"kubectl -n lifeos create secret generic {secret}" in notes, secret


def test_kubernetes_probes_and_services_use_the_ports_the_commands_listen_on():
    by_name = dict(containers())
    streamlit, metrics = by_name["streamlit.yaml:streamlit"], by_name["metrics.yaml:metrics"]
    assert streamlit["ports"][0]["containerPort"] == int(
        option(streamlit["command"], "--server.port")
    )
    assert metrics["ports"][0]["containerPort"] == int(option(metrics["command"], "--port"))
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert streamlit[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    for docs in MANIFESTS.values():
        for doc in docs:
            if doc["kind"] == "Service":
                (deployment,) = [
                    d
                    for d in docs
                    if d["kind"] == "Deployment"
                    and d["spec"]["template"]["metadata"]["labels"].items()
                    >= doc["spec"]["selector"].items()
                ]
                names = {
                    p["name"]
                    for c in deployment["spec"]["template"]["spec"]["containers"]
                    for p in c["ports"]
                }
                assert {p["targetPort"] for p in doc["spec"]["ports"]} <= names


# --- the data directory, shared by the app and the Dagster runs -------------------------------

# Where LifeOS keeps files rather than rows: the app writes uploaded .ics files (LIFEOS_UPLOAD_DIR)
# that sync runs read, and analytics runs write the DuckDB snapshot (LIFEOS_DUCKDB_PATH) that the
# app reads. Runs execute in the code-location container under compose and in pods of their own
# on Kubernetes. The exporter and the migrations touch neither.
DATA_SETTINGS = ("LIFEOS_DUCKDB_PATH", "LIFEOS_UPLOAD_DIR")
DATA_USERS = {
    "streamlit": ["streamlit.yaml"],
    "code-location": ["helm code location", "helm run pods"],
}


def kubernetes_pods() -> dict[str, tuple[list[dict], list[dict]]]:
    """Each pod that runs the LifeOS image: its volumes and its container's volume mounts."""
    pods = {}
    for file, documents in MANIFESTS.items():
        for doc in documents:
            pod = doc.get("spec", {}).get("template", {}).get("spec")
            if pod:
                (container,) = pod["containers"]
                pods[file] = (pod.get("volumes", []), container.get("volumeMounts", []))
    launcher = HELM["runLauncher"]["config"]["k8sRunLauncher"]
    pods["helm code location"] = (
        CODE_LOCATION.get("volumes", []),
        CODE_LOCATION.get("volumeMounts", []),
    )
    pods["helm run pods"] = (launcher.get("volumes", []), launcher.get("volumeMounts", []))
    return pods


def one_document(kind: str) -> dict:
    (doc,) = [doc for docs in MANIFESTS.values() for doc in docs if doc["kind"] == kind]
    return doc


def test_compose_shares_one_data_volume_between_the_app_and_the_runs():
    mounting = {}
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if source == "lifeos-data":
                mounting[name] = PurePosixPath(target)
    assert set(mounting) == set(DATA_USERS)
    for name, target in mounting.items():
        for setting in DATA_SETTINGS:
            path = PurePosixPath(SERVICES[name]["environment"][setting])
            assert path.is_relative_to(target), f"{name}: {setting} is outside lifeos-data"


def test_every_kubernetes_pod_using_the_data_directory_mounts_the_shared_claim_there():
    claim = one_document("PersistentVolumeClaim")
    # The app and the run pods use it at once, on whichever nodes they land.
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    settings = one_document("ConfigMap")["data"]
    pods = kubernetes_pods()
    for setting in DATA_SETTINGS:
        # An upload's path is stored with its connection: the runs must find it where the app
        # wrote it, so the paths are the same everywhere (compose included).
        path = PurePosixPath(settings[setting])
        assert str(path) == SERVICES["streamlit"]["environment"][setting], setting
        for pod in (pod for names in DATA_USERS.values() for pod in names):
            volumes, mounts = pods[pod]
            around = [m for m in mounts if path.is_relative_to(m["mountPath"])]
            assert around, f"{pod} mounts nothing at {path} ({setting})"
            # The innermost mount is the one the file lands on.
            mount = max(around, key=lambda m: len(PurePosixPath(m["mountPath"]).parts))
            volume = {v["name"]: v for v in volumes}.get(mount["name"], {})
            on = volume.get("persistentVolumeClaim", {}).get("claimName")
            assert on == claim["metadata"]["name"], f"{pod}: {path} is not on the shared claim"
            assert not mount.get("readOnly"), f"{pod} cannot write {path}"
            assert not mount.get("subPath"), f"{pod} mounts a part of the claim only"


def test_run_pods_get_the_code_locations_data_mount_unchanged():
    # includeConfigInLaunchedRuns passes the code location's volumes to its runs on top of the
    # run launcher's. dagster-k8s drops an exact duplicate only; a differing copy would give the
    # run pod two mounts at one path, which Kubernetes refuses.
    assert CODE_LOCATION["includeConfigInLaunchedRuns"]["enabled"] is True
    launcher = HELM["runLauncher"]["config"]["k8sRunLauncher"]
    for key, identity in (("volumes", "name"), ("volumeMounts", "mountPath")):
        ours = {item[identity]: item for item in CODE_LOCATION.get(key, [])}
        theirs = {item[identity]: item for item in launcher.get(key, [])}
        for shared in ours.keys() & theirs.keys():
            assert ours[shared] == theirs[shared], f"{key} {shared} differ"


def test_the_operator_notes_apply_every_kubernetes_manifest():
    notes = (DEPLOY / "README.md").read_text()
    for name in MANIFESTS:
        assert f"-f deploy/k8s/{name}" in notes, f"deploy/README.md never applies k8s/{name}"


# --- Prometheus ------------------------------------------------------------------------------


def test_prometheus_scrapes_the_metrics_service_on_its_port():
    config = load_yaml("prometheus/prometheus.yml")
    (job,) = config["scrape_configs"]
    (target,) = job["static_configs"][0]["targets"]
    host, port = target.split(":")
    assert host == "metrics" and port == option(SERVICES["metrics"]["command"], "--port")
    for rules in config["rule_files"]:
        assert (DEPLOY / "prometheus" / rules).exists()


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_accepts_the_prometheus_config_and_rules():
    result = subprocess.run(
        ["promtool", "check", "config", "prometheus.yml"],
        cwd=DEPLOY / "prometheus",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
