#!/usr/bin/env bash
# Runs every test of WebChatKit, first installing what the build and the tests need when it is
# missing (see install-dependencies.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
Tests/install-dependencies.sh

# The command-line tests start the built `webchat` executable, so build every product first.
swift build --build-tests
# One throwaway PostgreSQL cluster for every test that needs one (docs/CLUSTER.md), stopped and
# removed when this script ends; its watchdog does the same should this script be killed.
cluster=$(mktemp -d /tmp/webchat-postgres-XXXXXX)
trap 'Tests/postgres-cluster.sh stop "$cluster"' EXIT
WEBCHAT_TEST_DATABASE=$(Tests/postgres-cluster.sh start "$cluster" $$)
export WEBCHAT_TEST_DATABASE
# The attack suite measures another tenant's latency while attacks run (issue 13): it runs on
# its own afterwards, so that what it measures is the attack, not the browser tests beside it.
# The rest runs in two halves on 2 cores: the suites that drive Chromium, webhook receivers and
# schemathesis after the others. All at once (a thousand tests, dozens of browsers and servers)
# starved the servers of the tests beside them for tens of seconds.
heavy="BrowserTests|BrowserSupportTests|Webhook|OpenAPIToolTests"
# The checkpoint test measures how far SQLite's log grows under nonstop writes, which depends on
# how fast the disk syncs, and the descriptor-exhaustion test's child server under a limit of 64
# descriptors once refused connections in the dense first half: both run with the attack suite,
# on a machine no other test loads.
alone="AttackTests|CheckpointTests|DescriptorExhaustionTests"
swift test --skip-build --skip "$alone" --skip "$heavy"
swift test --skip-build --filter "$heavy"
# The domain and API suites once more on PostgreSQL (contract §12): the same tests, each server or
# store on a database of its own in the cluster above (Tests/StoreTestSupport, TestBackend).
# Suites that choose their backends themselves (the cluster's, the move to PostgreSQL) ran above.
# In two halves as well, for the same reason.
backendChosen="MigrateToTests|SharedDatabaseTests|SharedAttachmentTests|ClusterTests"
WEBCHAT_TEST_BACKEND=postgresql swift test --skip-build --filter "ChatTests|FiltersTests|AppTests" \
  --skip "$alone" --skip "$backendChosen" --skip "$heavy"
WEBCHAT_TEST_BACKEND=postgresql swift test --skip-build --filter "AppTests\.[^/]*($heavy)" --skip "$alone" --skip "$backendChosen"
swift test --skip-build --filter "$alone"
