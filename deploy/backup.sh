#!/usr/bin/env bash
# Back up the portal: its PostgreSQL database (pg_dump -Fc), MEDIA_ROOT (uploads, under
# MEDIA_ROOT/private/) and PRIVATE_MEDIA_ROOT (integrity complaints' files), as one timestamped
# set in BACKUP_DIR with the SHA-256 of every file; then keep the newest BACKUP_KEEP sets.
#
#   deploy/backup.sh            (deploy/systemd/portal-backup.timer runs it every night)
#
# Configuration, from the environment or else from the services' env file
# (PORTAL_ENV_FILE, default /etc/portal/portal.env; read as KEY=value lines, never run):
#   DATABASE_URL         the portal's database, postgres://user:pass@host:port/name
#   BACKUP_DATABASE_URL  another URL to dump from (default DATABASE_URL), e.g. PostgreSQL itself
#                        when DATABASE_URL goes through PgBouncer
#   MEDIA_ROOT, PRIVATE_MEDIA_ROOT   the portal's folders (defaults: as the portal's, var/ beside the code)
#   BACKUP_DIR           where the sets go (default /var/backups/portal; made mode 0700)
#   BACKUP_KEEP          how many sets to keep, the newest (default 14; at least 1)
# The password reaches pg_dump through PGPASSWORD, never on a command line. Everything written
# is mode 0600 (folders 0700): the sets hold confidential files.
#
# Exit codes: 0 done; 1 a step failed (the message says which; no set is left behind, and no
# old set is deleted); 2 bad configuration, or another backup.sh still running.
# docs/operations.md, "Backups and restore", says what to do with the sets.
set -Eeuo pipefail
umask 077
export LC_ALL=C
# shellcheck source=SCRIPTDIR/backup-lib.sh
. "$(dirname "$(readlink -f "$0")")/backup-lib.sh"

case "${1:-}" in
    -h | --help)
        sed -n '2,/^set -Eeuo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    "") ;;
    *) die "$EXIT_USAGE" "unexpected argument '$1' (see --help)" ;;
esac

load_config
BACKUP_KEEP=${BACKUP_KEEP:-14}
case $BACKUP_KEEP in '' | *[!0-9]*) BACKUP_KEEP=0 ;; *) BACKUP_KEEP=$((10#$BACKUP_KEEP)) ;; esac
[ "$BACKUP_KEEP" -ge 1 ] || die "$EXIT_USAGE" "BACKUP_KEEP must be a whole number, 1 or more"
connect_with "${BACKUP_DATABASE_URL:-$DATABASE_URL}"
require_programs pg_dump psql tar sha256sum flock
for pair in $FOLDERS; do
    variable=${pair#*|}
    [ -d "${!variable}" ] || die "$EXIT_USAGE" \
        "$variable (${!variable}) is not a folder: set $variable to the portal's (an empty folder if the portal has stored no file yet)"
done

# shellcheck disable=SC2174  # the parents are Debian's (/var/backups); only ours is made here
mkdir -p -m 0700 "$BACKUP_DIR"
chmod 0700 "$BACKUP_DIR" 2>/dev/null || say "warning: could not make $BACKUP_DIR mode 0700 (not its owner)"
exec 9>"$BACKUP_DIR/.lock"
flock --nonblock 9 || die "$EXIT_USAGE" "another backup.sh is writing into $BACKUP_DIR"
# Left by a run that was killed (SIGKILL, power cut): never a complete set, and nobody else
# writes here while we hold the lock.
rm -rf "$BACKUP_DIR"/.incomplete-*

for _ in 1 2 3; do  # a set per second at most: a run right after another waits for the next
    stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
    final="$BACKUP_DIR/$SET_PREFIX$stamp"
    [ -e "$final" ] || break
    sleep 1
done
[ ! -e "$final" ] || die "$EXIT_FAILED" "$final already exists (is the clock going backwards?)"
work=$(mktemp -d "$BACKUP_DIR/.incomplete-$SET_PREFIX$stamp.XXXXXX")
finished=""
on_exit() {
    local code=$?
    if [ -z "$finished" ]; then
        rm -rf "$work"
        say "error: backup FAILED during: $CURRENT_STEP; nothing was kept (older sets are untouched)"
        exit "$EXIT_FAILED"
    elif [ "$code" -ne 0 ]; then
        say "error: the set $final is complete, but this failed afterwards: $CURRENT_STEP"
        exit "$EXIT_FAILED"
    fi
}
trap on_exit EXIT
trap 'exit 1' INT TERM HUP
started=$(date +%s)

step "dumping the $DATABASE_LABEL"
server_version=$(psql --no-password --no-psqlrc --quiet --tuples-only --no-align \
    --command 'SHOW server_version') ||
    die "$EXIT_FAILED" "cannot connect to the $DATABASE_LABEL (see psql's message above)"
pg_dump --no-password --format=custom --file="$work/database.dump"

# Every regular file of an archive, with its SHA-256, read back from the archive itself: what
# the list says is what the archive holds, even if the folder changed while it was read.
list_files() {
    # tar runs the command with /bin/sh -c for each regular file, its name in TAR_FILENAME.
    # shellcheck disable=SC2016  # expanded by that sh
    tar --extract --file="$1" \
        --to-command='s=$(sha256sum) && printf "%s  %s\n" "${s%% *}" "$TAR_FILENAME"'
}

declare -A file_counts
for pair in $FOLDERS; do
    name=${pair%|*}
    variable=${pair#*|}
    folder=${!variable}
    step "archiving $variable ($folder)"
    # Owners and modes are recorded (restored as they were when restore.sh runs as root).
    status=0
    tar --create --file="$work/$name.tar" --directory="$folder" . || status=$?
    if [ "$status" -eq 1 ]; then  # GNU tar: a file changed or vanished while being read
        say "warning: a file of $variable changed while it was archived; the archive holds what was read"
    elif [ "$status" -ne 0 ]; then
        die "$EXIT_FAILED" "tar could not archive $folder"
    fi
    list_files "$work/$name.tar" >"$work/$name.files.sha256"
    file_counts[$name]=$(wc -l <"$work/$name.files.sha256")
done

step "writing the manifest"
revision=$(git -C "$PORTAL_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
{
    echo "format=portal-backup-1"
    echo "created=$stamp"
    echo "host=$(hostname)"
    echo "database=$PGDATABASE"
    echo "database_host=${PGHOST:-local socket}${PGPORT:+:$PGPORT}"
    echo "server_version=$server_version"
    echo "pg_dump=$(pg_dump --version)"
    echo "portal_revision=$revision"
    echo "media_root=$MEDIA_ROOT"
    echo "media_files=${file_counts[media]}"
    echo "private_media_root=$PRIVATE_MEDIA_ROOT"
    echo "private_media_files=${file_counts[private-media]}"
} >"$work/backup.info"
# shellcheck disable=SC2086  # SET_FILES is a list of plain names
(cd "$work" && sha256sum $SET_FILES >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
chmod 0600 "$work"/*
sync "$work"/* "$work"

step "completing the set"
mv --no-target-directory "$work" "$final"
finished=yes
sync "$BACKUP_DIR"
size=$(du -sh "$final" | cut -f1)
say "backup complete: $final ($size; ${file_counts[media]} files of MEDIA_ROOT, ${file_counts[private-media]} of PRIVATE_MEDIA_ROOT; $(($(date +%s) - started)) s)"

step "keeping the newest $BACKUP_KEEP sets"
mapfile -t sets < <(complete_sets)
removed=0
for ((i = 0; i < ${#sets[@]} - BACKUP_KEEP; i++)); do
    [ "${sets[i]}" != "$final" ] || continue  # never the set just made
    rm -rf "${sets[i]}"
    say "removed the old set ${sets[i]}"
    removed=$((removed + 1))
done
say "$((${#sets[@]} - removed)) sets in $BACKUP_DIR"
