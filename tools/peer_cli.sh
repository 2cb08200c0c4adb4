# Sourced by the scripts that measure this tree's CLI against another revision's (the peer):
#   . tools/peer_cli.sh && peer_cli REV    # PEER_JAR: the peer's CLI; its worktree goes on exit
# The peer is built in a worktree outside the repository (sources under it would make ./lag think
# this tree's CLI is stale) with `mvn package`, never `install`: the peer's modules must not replace
# this tree's in the local repository.
peer_cli() {
  local tree
  tree="$(mktemp -d)/peer"
  git worktree add -q --detach "$tree" "$1"
  # shellcheck disable=SC2064 # the path is fixed now, on purpose
  trap "git worktree remove --force '$tree'" EXIT
  (cd "$tree" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl selector/cli -am) >&2
  PEER_JAR="$tree/selector/cli/target/lag.jar"
}
